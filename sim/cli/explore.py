"""`opzet explore [RESULTS_DIR ...]`: a page in the browser where a workshop changes a design,
runs it against another and looks at the report's figures and at one family (sim.explore)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from sim.limits import count_flag

DEFAULT_PORT = 8765


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "explore", help="a local web page for workshops: change a design, run it, look",
        description="Start a local web page (http://127.0.0.1:PORT) on which the levers of a "
                    "design can be changed and run against another design on the same seeds, "
                    "as opzet compare does, with the report's figures and one family followed "
                    "through both designs. Needs no network.")
    parser.add_argument("folders", metavar="RESULTS_DIR", nargs="*",
                        help="results folders to show at the start (compare, batch, "
                             "sensitivity, robustness)")
    parser.add_argument("--port", metavar="N",
                        help=f"port to listen on (default {DEFAULT_PORT}; 0: any free port)")
    parser.add_argument("--lang", default="nl", help="nl (default) or en; the page switches too")
    parser.add_argument("--host", metavar="H",
                        help="address to listen on (default 127.0.0.1, this machine only); "
                             "another address lets other machines reach the page")
    parser.add_argument("--base", metavar="FILE",
                        help="region the designs are applied to (scenario file; default: the "
                             "built-in region)")
    parser.set_defaults(command=main)


def main(args: argparse.Namespace) -> int:
    """Check the flags, open the folders, serve until Ctrl-C."""
    import matplotlib.pyplot as plt

    from sim.explore.server import ExploreError, ExploreServer
    from sim.explore.session import PageError, Session
    from sim.report.texts import LANGUAGES

    if args.lang not in LANGUAGES:
        raise ExploreError(f"--lang {args.lang}: not offered; choose {' or '.join(LANGUAGES)}")
    port = count_flag(args.port, "--port", DEFAULT_PORT, 0, 65535)
    plt.switch_backend("agg")  # figures are drawn in the server's threads, never shown
    with tempfile.TemporaryDirectory(prefix="opzet-explore-") as workspace:
        session = Session(Path(workspace), args.base)
        for folder in args.folders:
            try:
                session.open(folder)
            except PageError as err:  # said on the page too
                session.opening_errors.append(err)
                print(err.words("en"), file=sys.stderr)
        server = ExploreServer(session, args.host or "127.0.0.1", port, args.lang,
                               allow_remote=args.host is not None)
        print(f"opzet explore: {server.url}  (Ctrl-C stops)", flush=True)
        if args.host is not None and not server.loopback:
            print(f"listening on {args.host}: other machines that reach it can use the page",
                  flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("opzet explore stopped; results not saved are gone", flush=True)
        finally:
            server.server_close()
    return 0
