#!/usr/bin/env python3
"""Runs every command shown in README.md and docs/ and compares the output each page shows.

Usage:
  tools/run-docs.py [--fundledger BIN] [--jobs N] [--keep] (--all | PAGE ...)
  tools/run-docs.py --self-test

Each page declares the state its commands start from in a comment at its top (docs/doc-tests.md):
  <!-- doctest: no-database -->   commands that need no ledger (or a page with none)
  <!-- doctest: own-cluster -->    the runner's private cluster as a fresh reader has it (README)
  <!-- doctest: empty -->          DATABASE_URL names a fresh, migrated, empty database
  <!-- doctest: demo -->           ... on which `fundledger demo` has run
A command is a `$ ` line in a fenced block (a line ending in `\\` continues it); the lines after it, up
to the next command, are its output as shown. All commands of a page run in order in one bash, in a
folder of its own that holds `examples/` and `tools/`, with the built `fundledger` first on PATH.
Exit 0: every page ran as shown. Exit 1: a page differs (each difference is printed). Exit 2: usage.
"""
import argparse, concurrent.futures, os, re, shutil, signal, subprocess, sys, tempfile, textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATES = ("no-database", "own-cluster", "empty", "demo")
DIRECTIVE = re.compile(r"<!--\s*doctest:\s*(\S+).*?-->")
SKIP = re.compile(r"^<!--\s*doctest:\s*skip\s+(\S.*?)\s*-->$")
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
SHELL_LANGS = {"sh", "bash", "console", "shell"}
# A line that reads as a command a person would type, in a block that does not say `$ `.
LOOKS_LIKE_COMMAND = re.compile(r"^\s*((fundledger|psql|python3|make)\s|tools/|\.build/)")
MARK = "\x1eDOCTEST"
PAGE_TIMEOUT = 300


class Command:
    def __init__(self, line, text, shown):
        self.line, self.text, self.shown = line, text, shown


def parse_page(path, text):
    """The page's state and its commands, or raises ValueError naming the line of a problem."""
    lines = text.split("\n")
    state = None
    for number, line in enumerate(lines[:5], start=1):
        found = DIRECTIVE.search(line)
        if found:
            state = found.group(1)
            if state not in STATES:
                raise ValueError(f"{path}:{number}: unknown doctest state {state!r}; use one of {', '.join(STATES)}")
            break
    if state is None:
        raise ValueError(f"{path}:1: no `<!-- doctest: STATE -->` in the first five lines; use one of {', '.join(STATES)}")
    commands, index = [], 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if not fence:
            index += 1
            continue
        start, lang = index, fence.group(2)
        end = start + 1
        while end < len(lines) and not FENCE.match(lines[end]):
            end += 1
        if end == len(lines):
            raise ValueError(f"{path}:{start + 1}: code block is never closed")
        body = [line[len(fence.group(1)):] if line.startswith(fence.group(1)) else line for line in lines[start + 1:end]]
        skipped = start > 0 and SKIP.match(lines[start - 1].strip())
        if not skipped:
            commands += block_commands(path, start + 2, lang, body)
        index = end + 1
    return state, commands


def block_commands(path, first_line, lang, body):
    """The commands of one fenced block whose first body line is `first_line`."""
    if not any(line.startswith("$ ") for line in body):
        for offset, line in enumerate(body):
            if (lang in SHELL_LANGS and line.strip() and not line.lstrip().startswith("#")) or \
               (lang in ("", "text") and LOOKS_LIKE_COMMAND.match(line)):
                raise ValueError(f"{path}:{first_line + offset}: a command without a `$ ` prompt; "
                                 "add the prompt, or put `<!-- doctest: skip REASON -->` before the block")
        return []
    commands, offset = [], 0
    if not body[0].startswith("$ "):
        raise ValueError(f"{path}:{first_line}: a block with commands must start with one (`$ `)")
    while offset < len(body):
        line_number, parts = first_line + offset, [body[offset][2:]]
        while parts[-1].endswith("\\") and offset + 1 < len(body):
            offset += 1
            parts.append(body[offset])
        offset += 1
        shown = []
        while offset < len(body) and not body[offset].startswith("$ "):
            shown.append(body[offset])
            offset += 1
        while shown and shown[0].startswith(" ") and shown[0].strip().startswith("#"):
            shown.pop(0)  # an indented comment continuing the command's own comment
        commands.append(Command(line_number, "\n".join(parts), shown))
    return commands


def line_pattern(expected):
    """A shown line as a regular expression: `…` stands for any text; hex digits (and dashes) right
    before `…` are an abbreviated hash or id and stand for any such run."""
    pieces = re.split(r"([0-9a-f-]{4,}…|…)", expected)
    regex = ""
    for piece in pieces:
        if piece.endswith("…") and len(piece) > 1:
            regex += "[0-9a-f-]+…?"
        elif piece == "…":
            regex += ".*?"
        else:
            regex += re.escape(piece)
    return re.compile("^" + regex + "$")


def output_matches(shown, actual):
    """Whether the actual lines are what the page shows; a line that is only `…` stands for any lines."""
    shown = [line.rstrip() for line in shown]
    while shown and not shown[-1]:
        shown.pop()
    actual = [line.rstrip() for line in actual]
    while actual and not actual[-1]:
        actual.pop()

    def match(s, a):
        if s == len(shown):
            return a == len(actual)
        if shown[s].strip() == "…":
            return any(match(s + 1, k) for k in range(a, len(actual) + 1))
        return a < len(actual) and bool(line_pattern(shown[s]).match(actual[a])) and match(s + 1, a + 1)

    return match(0, 0)


def shows_a_failure(shown):
    return any(re.search(r"(^|\s)(fundledger: error:|FAIL:|Error:|ERROR:)", line) for line in shown)


def script_for(commands):
    """One bash script running the commands in order, printing a marker with each exit status."""
    out = ["exec 2>&1", "cd \"$DOCTEST_DIR\""]
    for index, command in enumerate(commands):
        out.append(command.text)
        out.append(f"__rc=$?; printf '\\n{MARK} {index} %s\\n' \"$__rc\"; (exit $__rc)")
    out.append("kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; true")
    return "\n".join(out) + "\n"


def split_output(raw, count):
    """Per command: (exit status, output lines); None for commands the script never reached."""
    results, position = [None] * count, 0
    for found in re.finditer(re.escape(MARK) + r" (\d+) (\d+)\n", raw):
        segment = raw[position:found.start()]
        if segment.endswith("\n"):
            segment = segment[:-1]
        results[int(found.group(1))] = (int(found.group(2)), segment.split("\n") if segment else [])
        position = found.end()
    return results


def check_page(path, commands, raw):
    """The differences between what the page shows and what ran, as messages."""
    problems = []
    for command, result in zip(commands, split_output(raw, len(commands))):
        where = f"{path}:{command.line}: $ {command.text.splitlines()[0]}"
        if result is None:
            problems.append(f"{where}\n    never ran (the page's bash stopped before it)")
            break
        status, actual = result
        if status != 0 and not shows_a_failure(command.shown):
            problems.append(f"{where}\n    exit {status}, and the page shows no failure; output:\n" + indent(actual))
        elif status == 0 and shows_a_failure(command.shown):
            problems.append(f"{where}\n    the page shows a failure, but it exited 0; output:\n" + indent(actual))
        elif any(line.strip() for line in command.shown) and not output_matches(command.shown, actual):
            problems.append(f"{where}\n    the page shows:\n" + indent(command.shown) + "\n    it printed:\n" + indent(actual))
    return problems


def indent(lines):
    return "\n".join("      | " + line for line in (lines[:40] + (["…"] if len(lines) > 40 else [])))


class Runner:
    def __init__(self, fundledger, keep, base=None):
        self.fundledger = os.path.abspath(fundledger)
        self.keep = keep
        self.base = base or tempfile.mkdtemp(prefix="fundledger-docs-")
        os.chmod(self.base, 0o755)  # as root the cluster's server runs as `postgres` and must enter it
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("PG", "DATABASE_URL", "FUNDLEDGER_"))}
        self.env.update({
            "PATH": os.path.dirname(self.fundledger) + os.pathsep + os.environ.get("PATH", ""),
            "FUNDLEDGER_DATA": os.path.join(self.base, "cluster"),
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "COLUMNS": "200",
        })
        self.env.pop("TERM", None)

    def run_tool(self, *args, env=None):
        completed = subprocess.run(list(args), env=env or self.env, cwd=self.base, capture_output=True, text=True)
        if completed.returncode != 0:
            raise RuntimeError(f"{' '.join(args)}: exit {completed.returncode}: {completed.stdout}{completed.stderr}")
        return completed.stdout

    def start(self):
        self.run_tool(self.fundledger, "db", "start")

    def stop(self):
        try:
            self.run_tool(self.fundledger, "db", "stop")
        finally:
            if not self.keep:
                shutil.rmtree(self.base, ignore_errors=True)

    def page_environment(self, slug, state):
        env = dict(self.env)
        if state in ("empty", "demo"):
            name = "doc_" + re.sub(r"[^a-z0-9]", "_", slug.lower())
            server = self.run_tool(self.fundledger, "db", "url", "--name", "postgres").strip()
            self.run_tool("psql", server, "-q", "-v", "ON_ERROR_STOP=1", "-c", f"DROP DATABASE IF EXISTS {name}",
                          "-c", f"CREATE DATABASE {name}")
            env["DATABASE_URL"] = self.run_tool(self.fundledger, "db", "url", "--name", name).strip()
            self.run_tool(self.fundledger, "migrate", env=env)
            if state == "demo":
                self.run_tool(self.fundledger, "demo", env=env)
        return env

    def run_page(self, path):
        """The problems found on one page (empty when it runs as shown)."""
        relative = os.path.relpath(path, ROOT)
        try:
            with open(path, encoding="utf-8") as handle:
                state, commands = parse_page(relative, handle.read())
        except ValueError as error:
            return relative, 0, [str(error)]
        if not commands:
            return relative, 0, []
        slug = re.sub(r"[^A-Za-z0-9]+", "-", relative).strip("-")
        folder = os.path.join(self.base, "pages", slug)
        os.makedirs(folder)
        for name in ("examples", "tools"):
            os.symlink(os.path.join(ROOT, name), os.path.join(folder, name))
        env = self.page_environment(slug, state)
        env["DOCTEST_DIR"] = folder
        shell = subprocess.Popen(["bash", "--noprofile", "--norc"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, env=env, cwd=folder, start_new_session=True)
        try:
            raw, _ = shell.communicate(script_for(commands).encode(), timeout=PAGE_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(shell.pid, signal.SIGKILL)  # the page's bash and everything it started
            raw, _ = shell.communicate()
            raw += f"\nrun-docs: the page ran past {PAGE_TIMEOUT} s and was stopped\n".encode()
        raw = raw.decode("utf-8", "replace")
        return relative, len(commands), check_page(relative, commands, raw)


def all_pages():
    pages = [os.path.join(ROOT, "README.md")]
    for folder, _, files in sorted(os.walk(os.path.join(ROOT, "docs"))):
        pages += [os.path.join(folder, name) for name in sorted(files) if name.endswith(".md")]
    return pages


def run(pages, fundledger, jobs, keep):
    if not os.access(fundledger, os.X_OK):
        print(f"run-docs: option --fundledger: {fundledger} is not an executable (run `make build`)", file=sys.stderr)
        return 2
    runner = Runner(fundledger, keep)
    failed, total = 0, 0
    try:
        runner.start()
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            for relative, count, problems in pool.map(runner.run_page, pages):
                total += count
                if problems:
                    failed += 1
                    print(f"FAIL {relative} ({count} commands)")
                    for problem in problems:
                        print("  " + problem.replace("\n", "\n  "))
                else:
                    print(f"ok   {relative} ({count} commands)")
    finally:
        runner.stop()
        if keep:
            print(f"run-docs: kept {runner.base}")
    print(f"run-docs: {len(pages) - failed} of {len(pages)} pages ran as shown, {total} commands")
    return 1 if failed else 0


SELF_TEST_PAGES = {
    "passes.md": ("<!-- doctest: no-database -->\n# A page\n\n```sh\n$ echo hi   # a comment\nhi\n"
                  "$ printf 'a\\nb\\nc\\n'\na\n…\n$ echo 'head hash 0123abcd99' \\\n    && true\nhead hash 0123…\n"
                  "$ sh -c 'echo \"fundledger: error: no\"; exit 6'\nfundledger: error: no\n$ echo $?\n6\n```\n\n"
                  "<!-- doctest: skip a synopsis -->\n```sh\nfundledger report ID [--fund F]\n```\n"
                  "```json\n{\"fundledger\": 1}\n```\n"),
    "wrong-output.md": "<!-- doctest: no-database -->\n```sh\n$ echo hello\nhallo\n```\n",
    "silent-failure.md": "<!-- doctest: no-database -->\n```sh\n$ false\n```\n",
    "shown-failure-passes.md": "<!-- doctest: no-database -->\n```sh\n$ true\nfundledger: error: x\n```\n",
    "no-prompt.md": "<!-- doctest: no-database -->\n```sh\nfundledger funds\n```\n",
    "no-prompt-text.md": "<!-- doctest: no-database -->\n```\nfundledger: error: x\ntools/verify_export.py FILE\n```\n",
    "no-state.md": "# No state\n```sh\n$ echo hi\n```\n",
    "bad-state.md": "<!-- doctest: full -->\n",
    "missing-lines.md": "<!-- doctest: no-database -->\n```sh\n$ printf 'a\\nb\\n'\na\n```\n",
}
SELF_TEST_MESSAGES = {
    "wrong-output.md": "the page shows:", "silent-failure.md": "exit 1, and the page shows no failure",
    "shown-failure-passes.md": "it exited 0", "no-prompt.md": "a command without a `$ ` prompt",
    "no-prompt-text.md": "a command without a `$ ` prompt", "no-state.md": "no `<!-- doctest: STATE -->`",
    "bad-state.md": "unknown doctest state 'full'", "missing-lines.md": "the page shows:",
}


def self_test():
    """Runs the runner on pages that must pass and pages that must fail, each for its own reason."""
    folder = tempfile.mkdtemp(prefix="run-docs-self-test-")
    runner = Runner(sys.executable, keep=False, base=folder)
    wrong = []
    try:
        for name, text in SELF_TEST_PAGES.items():
            path = os.path.join(folder, name)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            _, _, problems = runner.run_page(path)
            expected = SELF_TEST_MESSAGES.get(name)
            if expected is None and problems:
                wrong.append(f"{name}: should pass, but: {problems}")
            elif expected is not None and not any(expected in problem for problem in problems):
                wrong.append(f"{name}: should fail with {expected!r}, but: {problems or 'it passed'}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for line in wrong:
        print("run-docs self-test: " + line)
    print(f"run-docs self-test: {len(SELF_TEST_PAGES) - len(wrong)} of {len(SELF_TEST_PAGES)} verdicts right")
    return 1 if wrong else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="Markdown pages to run")
    parser.add_argument("--all", action="store_true", help="README.md and every page under docs/")
    parser.add_argument("--fundledger", default=os.path.join(ROOT, ".build", "debug", "fundledger"))
    parser.add_argument("--jobs", type=int, default=3, help="pages run at once (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the pages' folders and cluster")
    parser.add_argument("--self-test", action="store_true", help="check the runner's own verdicts")
    options = parser.parse_args()
    if options.self_test:
        return self_test()
    if options.all == bool(options.pages):
        parser.error("give --all or the pages to run, not both or neither")
    if options.jobs < 1:
        parser.error("option --jobs: give at least 1")
    pages = all_pages() if options.all else [os.path.abspath(p) for p in options.pages]
    for page in pages:
        if not os.path.isfile(page):
            parser.error(f"page {page}: no such file")
    return run(pages, options.fundledger, options.jobs, options.keep)


if __name__ == "__main__":
    sys.exit(main())
