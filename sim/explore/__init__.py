"""`opzet explore`: a local web page for workshops (docs/explore.md).

`levers` turns the levers of a design into the page's controls and back, `session` holds
what one page shows and runs, `server` serves the page and its JSON, and `static/` is the
page itself (plain HTML, CSS and JavaScript, nothing fetched from elsewhere).
"""
