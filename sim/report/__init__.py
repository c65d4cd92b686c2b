"""Workshop reports of a comparison: figures and one self-contained file, in Dutch or English.

    from sim.report.build import build_report
    build_report("results/compare", lang="nl")      # results/compare/report-nl.html

texts (every word, both languages), data (reading a results folder), figures
(one function per figure), document (HTML and PDF), build (`opzet report`).
"""
