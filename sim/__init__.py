"""opzet: simulation of designs of Dutch child and family protection."""
