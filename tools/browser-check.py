#!/usr/bin/env python3
"""Opens every report plugin's HTML output in a real browser (headless Chromium through selenium) and
checks what a reader sees, at 360, 768 and 1280 px wide:

  overflow    the page is no wider than the window (document scrollWidth <= clientWidth); a table or chart
              wider than its column may scroll sideways only inside a container that is itself focusable
              (tabindex="0", so a keyboard can scroll it) and labelled (aria-label or aria-labelledby)
  labels      no two text labels of one SVG chart overlap (their getBoundingClientRect boxes), and every label
              is at least 10 CSS px on screen (its font size times the drawing's scale, getScreenCTM)
  console     the browser log holds no error
  requests    nothing is fetched from outside the page: every resource is file: or data:
  axe         axe-core (axe-selenium-python) finds no serious or critical violation
  coverage    every built-in plugin (`fundledger plugins --json`) has an HTML report in Swedish and in English

  tools/browser-check.py --fundledger .build/debug/fundledger     record the demo ledger in a database of
                                                                  its own, render every plugin (sv and en);
                                                                  each evaluation model from its worked
                                                                  example in docs/models/, recorded by that
                                                                  page's own commands in a database of its own

  tools/browser-check.py page.html …                              check these files only

Screenshots (the whole page, one per file and width) go to .build/browser-check/ (--out). Exit 0 when every
check passes; 1 with one line per failure, `FAIL <page> @<width>px <check>: <what>`; 2 when the browser,
chromedriver or a Python package is missing (scripts/install-deps.sh installs them).

Selenium never reaches the network: SE_OFFLINE=true, and the chromedriver is Debian's (`command -v
chromedriver`), handed to selenium so its driver manager has nothing to download.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from check_database import fresh_database

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDTHS = (360, 768, 1280)
HEIGHT = 900
# The least size of a chart's text on screen, in CSS px: below it a label cannot be read on a phone.
MIN_CHART_TEXT_PX = 10
DATABASE = "browser_check"
# The plugins rendered from their worked examples (not from the demo ledger), filled in by main().
MODEL_PLUGINS = set()
# Parameters for the demo ledger: the fund every plugin can report on, and an initiative for those that take one.
DEMO_FUND = "tomelilla"
DEMO_INITIATIVE = "tomelilla-laxhjalp"


def fail_setup(message):
    print(f"browser-check: {message}", file=sys.stderr)
    sys.exit(2)


def browser(loopback=False):
    """Headless Chromium whose every request goes to a dead proxy, except (with `loopback`) 127.0.0.1, where the
    web view's server listens."""
    os.environ["SE_OFFLINE"] = "true"
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        fail_setup("selenium is not installed (run scripts/install-deps.sh, or pip install selenium axe-selenium-python)")
    driver_path = shutil.which("chromedriver")
    binary = next((shutil.which(name) for name in ("chromium", "chromium-browser") if shutil.which(name)), None)
    if not driver_path or not binary:
        fail_setup("chromium and chromium-driver are needed (Debian: apt-get install chromium chromium-driver; "
                   "scripts/install-deps.sh does it)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                     "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=" + ("127.0.0.1" if loopback else "<-loopback>"),
                     "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


# Measured in the page: the document's overflow, the elements sticking out of the window, scroll containers
# that are not focusable and labelled, and the overlapping chart labels.
MEASURE = r"""
const doc = document.documentElement;
const result = {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, outside: [], badScrollers: [], overlaps: []};
function name(el) {
  let text = el.tagName.toLowerCase();
  if (el.id) text += '#' + el.id;
  else if (el.className && typeof el.className === 'string') text += '.' + el.className.trim().split(/\s+/).join('.');
  const heading = el.closest('section') && el.closest('section').querySelector('h2');
  return heading ? text + ' in "' + heading.textContent.trim() + '"' : text;
}
function scrolls(el) {
  const style = getComputedStyle(el);
  return (style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth;
}
for (const el of document.body.querySelectorAll('*')) {
  if (scrolls(el)) {
    const labelled = el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby');
    if (el.getAttribute('tabindex') !== '0' || !labelled) result.badScrollers.push(name(el));
  }
}
for (const el of document.body.querySelectorAll('body > *, section > *, table, svg')) {
  let inScroller = false;
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) inScroller = true;
  const box = el.getBoundingClientRect();
  if (!inScroller && box.width > 0 && Math.round(box.right) > doc.clientWidth) result.outside.push(name(el) + ' ends at ' + Math.round(box.right) + ' px');
}
for (const svg of document.querySelectorAll('svg')) {
  const boxes = [...svg.querySelectorAll('text')].map(t => ({text: t.textContent, box: t.getBoundingClientRect()}))
    .filter(b => b.box.width > 0 && b.box.height > 0);
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i].box, b = boxes[j].box;
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 0.5 && h > 0.5) result.overlaps.push('"' + boxes[i].text + '" on "' + boxes[j].text + '"');
  }
}
// Chart text as a reader sees it: the font size times the drawing's scale (its screen transform), for every
// label that is rendered (a chart's drawing for another width is display:none and has no box).
result.smallText = [];
for (const text of document.querySelectorAll('svg text')) {
  const box = text.getBoundingClientRect(), ctm = text.getScreenCTM();
  if (box.width === 0 || box.height === 0 || !ctm) continue;
  const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b);
  if (size < MIN_CHART_TEXT_PX) result.smallText.push('"' + text.textContent + '" at ' + size.toFixed(1) + ' px');
}
result.resources = performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);
result.height = Math.max(doc.scrollHeight, document.body.scrollHeight);
return result;
"""


def check_page(driver, axe_script, path, out_dir, page=None, allowed=("file:", "data:"), load=None, status=None):
    """The failures of one HTML file (or, with `page` naming it, one URL), at every width; resources outside
    `allowed` are requests leaving the page. `load` opens the page instead of the URL (a form sent with POST);
    `status` is the error status the page answers with on purpose (its console line is expected)."""
    failures = []
    url = path if page else "file://" + os.path.abspath(path)
    page = page or os.path.basename(path)
    for width in WIDTHS:
        def fail(check, message):
            failures.append(f"FAIL {page} @{width}px {check}: {message}")

        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": width < 768})
        driver.get_log("browser")  # drop what an earlier page left
        if load:
            load(driver)
        else:
            driver.get(url)
        found = driver.execute_script(f"const MIN_CHART_TEXT_PX = {MIN_CHART_TEXT_PX};\n" + MEASURE)
        if found["scrollWidth"] > found["clientWidth"]:
            culprits = "; ".join(found["outside"][:3]) or "no single element found"
            fail("overflow", f"the page is {found['scrollWidth']} px wide in a {found['clientWidth']} px window ({culprits})")
        elif found["outside"]:
            fail("overflow", "cut at the right edge: " + "; ".join(found["outside"][:3]))
        for scroller in found["badScrollers"]:
            fail("overflow", f"{scroller} scrolls sideways but is not focusable (tabindex=\"0\") and labelled (aria-label)")
        for overlap in found["overlaps"]:
            fail("labels", "chart labels overlap: " + overlap)
        if found["smallText"]:
            fail("labels", f"{len(found['smallText'])} chart labels smaller than {MIN_CHART_TEXT_PX} px: "
                           + "; ".join(found["smallText"][:3]))
        for entry in driver.get_log("browser"):
            expected = status and f"status of {status}" in entry.get("message", "")
            if entry.get("level") == "SEVERE" and not expected:
                fail("console", entry.get("message", ""))
        for resource in found["resources"]:
            if not resource.startswith(allowed):
                fail("requests", "the page fetches " + resource)
        # The screenshot before axe, which scrolls regions while it checks contrast.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": min(max(found["height"], HEIGHT), 12000), "deviceScaleFactor": 1,
                                "mobile": width < 768})
        driver.save_screenshot(os.path.join(out_dir, f"{os.path.splitext(page)[0] if page.endswith('.html') else page}.{width}.png"))
        driver.execute_script(axe_script)
        results = driver.execute_async_script("const done = arguments[arguments.length - 1]; axe.run().then(done)")
        for violation in results["violations"]:
            if violation.get("impact") in ("serious", "critical"):
                targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                fail("axe", f"{violation['impact']} {violation['id']}: {violation['help']} ({targets})")
    return failures


def run_tool(*args, env=None):
    completed = subprocess.run(list(args), env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"browser-check: {' '.join(args)} failed (exit {completed.returncode}):\n{completed.stdout}{completed.stderr}")
    return completed.stdout


def render_reports(fundledger, out_dir, skip=()):
    """Records the demo ledger in a database of its own in this checkout's cluster and renders every built-in
    plugin's HTML in Swedish and English; returns the files. A plugin the demo ledger cannot answer (the
    evaluation models need valuation data) is left to its worked example (`render_model_reports`), and so is a
    plugin in `skip`, whose worked example has rendered it; the coverage check fails if no one renders it."""
    fundledger = os.path.abspath(fundledger)
    env = fresh_database(fundledger, DATABASE, run_tool, demo=True)
    files = []
    for plugin in builtin_plugins(fundledger, env):
        if plugin["id"] in skip:
            continue
        names = {parameter["name"] for parameter in plugin["parameters"]}
        args = []
        if "fund" in names:
            args += ["--fund", DEMO_FUND]
        for lang in ("sv", "en"):
            target = os.path.join(out_dir, f"{plugin['id']}.{lang}.html")
            completed = subprocess.run([fundledger, "report", plugin["id"], *args, "--format", "html", "--lang", lang,
                                        "--output", target], env=env, capture_output=True, text=True)
            if completed.returncode != 0:
                break
            files.append(target)
    return files


def builtin_plugins(fundledger, env=None):
    """The built-in plugins, as `fundledger plugins --json` lists them."""
    return [plugin for plugin in json.loads(run_tool(fundledger, "plugins", "--json", env=env))
            if plugin.get("origin") == "built-in"]


def check_web(fundledger, axe_script, out_dir):
    """Starts the server on the demo database and checks the web view's pages (tools/web_check.py)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import web_check
    fundledger = os.path.abspath(fundledger)
    env = dict(os.environ)
    env["DATABASE_URL"] = run_tool(fundledger, "db", "url", "--name", DATABASE).strip()
    token, has_password = web_check.add_user(fundledger, env)
    server, base = web_check.start_server(fundledger, env)
    driver = browser(loopback=True)
    failures = []
    # Every built-in plugin whose report the demo ledger makes, shown in the web view's report page.
    plugins = [plugin["id"] for plugin in builtin_plugins(fundledger, env)
               if os.path.exists(os.path.join(out_dir, f"{plugin['id']}.sv.html")) and plugin["id"] not in MODEL_PLUGINS]
    pages = web_check.pages(DEMO_FUND, DEMO_INITIATIVE, plugins)
    try:
        failures += web_check.log_in(driver, base, token, has_password)
        failures += web_check.record_with_keyboard(driver, base, DEMO_FUND, DEMO_INITIATIVE)
        failures += web_check.follow_link_to_a_swedish_fund(driver, base, fundledger, env)
        failures += web_check.a_long_name_keeps_the_table_readable(driver, base, fundledger, env)
        for name, path in pages:
            failures += check_page(driver, axe_script, base + path, out_dir, page=name, allowed=(base + "/", "data:"),
                                   status=web_check.EXPECTED_STATUS.get(name))
        failures += check_page(driver, axe_script, base + "/funds/" + DEMO_FUND + "/record", out_dir, page="web-record-refused",
                               allowed=(base + "/", "data:"), load=web_check.refused_form(base, DEMO_FUND, DEMO_INITIATIVE),
                               status=web_check.EXPECTED_STATUS["web-record-refused"])
    finally:
        driver.quit()
        server.terminate()
        server.wait()
    return failures, len(pages) + 1


def run_docs_module():
    """tools/run-docs.py, whose page parser reads the worked examples exactly as the doc runner runs them."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("run_docs", os.path.join(ROOT, "tools", "run-docs.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def model_examples():
    """The evaluation models' worked examples as docs/models/ shows them: every page that starts from an empty
    ledger (`doctest: empty`) and runs `fundledger report PLUGIN …`. Its set-up is every command before that
    report (`fundledger apply examples/commands/<model>-worked-example.yaml`, then the valuation commands);
    its parameters are that report's options. Returns (plugin, page, set-up commands, report options)."""
    import glob
    import shlex
    run_docs = run_docs_module()
    examples = []
    for path in sorted(glob.glob(os.path.join(ROOT, "docs", "models", "*.md"))):
        with open(path, encoding="utf-8") as handle:
            state, commands = run_docs.parse_page(os.path.relpath(path, ROOT), handle.read())
        if state != "empty":
            continue
        for index, command in enumerate(commands):
            words = shlex.split(command.text.replace("\\\n", " "), comments=True)
            if words[:2] != ["fundledger", "report"] or len(words) < 3:
                continue
            options, rest = [], words[3:]
            while rest:
                word = rest.pop(0)
                if word in ("--lang", "--format", "--output"):
                    rest = rest[1:]
                else:
                    options.append(word)
            examples.append((words[2], os.path.relpath(path, ROOT), [c.text for c in commands[:index]], options))
            break
    return examples


def render_model_reports(fundledger, out_dir):
    """Each evaluation model's worked example (docs/models/<model>.md) in a database of its own, set up by the
    page's own commands, and its report in Swedish and English."""
    fundledger = os.path.abspath(fundledger)
    files = []
    for plugin, page, setup, options in model_examples():
        env = fresh_database(fundledger, f"{DATABASE}_{plugin.replace('-', '_')}", run_tool)
        env["PATH"] = os.path.dirname(fundledger) + os.pathsep + env.get("PATH", "")
        script = "set -e\n" + "\n".join(setup) + "\n"
        completed = subprocess.run(["bash", "--noprofile", "--norc", "-c", script], cwd=ROOT, env=env, capture_output=True,
                                   text=True)
        if completed.returncode != 0:
            raise SystemExit(f"browser-check: the worked example of {page} did not record (exit {completed.returncode}):\n"
                             f"{completed.stdout}{completed.stderr}")
        for lang in ("sv", "en"):
            target = os.path.join(out_dir, f"{plugin}.{lang}.html")
            run_tool(fundledger, "report", plugin, *options, "--format", "html", "--lang", lang, "--output", target, env=env)
            files.append(target)
    return files


def coverage_failures(fundledger, files):
    """A failure for each built-in plugin without an HTML report in both languages among `files`."""
    rendered = {os.path.basename(path) for path in files}
    failures = []
    for plugin in builtin_plugins(os.path.abspath(fundledger)):
        missing = [lang for lang in ("sv", "en") if f"{plugin['id']}.{lang}.html" not in rendered]
        if missing:
            failures.append(f"FAIL {plugin['id']} coverage: no HTML report in {' and '.join(missing)} (neither the demo ledger "
                            f"nor a worked example in docs/models/ with `doctest: empty` makes one)")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", help="HTML files to check (default: render every plugin's report)")
    parser.add_argument("--fundledger", default=os.path.join(ROOT, ".build", "debug", "fundledger"))
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "browser-check"))
    parser.add_argument("--no-web", action="store_true", help="check the HTML reports only, not the web view's pages")
    options = parser.parse_args()
    os.makedirs(options.out, exist_ok=True)
    pages = options.pages
    failures = []
    if not pages:
        # A model's worked example stands for it; the demo ledger renders the others.
        models = render_model_reports(options.fundledger, options.out)
        covered = {os.path.basename(path).split(".")[0] for path in models}
        MODEL_PLUGINS.update(covered)
        pages = render_reports(options.fundledger, options.out, skip=covered) + models
        failures += coverage_failures(options.fundledger, pages)
    if not pages:
        fail_setup("no pages to check")
    try:
        from axe_selenium_python.axe import _DEFAULT_SCRIPT
    except ImportError:
        fail_setup("axe-selenium-python is not installed (run scripts/install-deps.sh)")
    with open(_DEFAULT_SCRIPT, encoding="utf-8") as handle:
        axe_script = handle.read()
    driver = browser()
    try:
        for path in pages:
            failures += check_page(driver, axe_script, path, options.out)
    finally:
        driver.quit()
    checked_pages = len(pages)
    if not options.pages and not options.no_web:
        web_failures, web_pages = check_web(options.fundledger, axe_script, options.out)
        failures += web_failures
        checked_pages += web_pages
    for failure in failures:
        print(failure)
    checked = f"{checked_pages} pages at {', '.join(map(str, WIDTHS))} px"
    if failures:
        print(f"browser-check: {len(failures)} failures in {checked}; screenshots in {os.path.relpath(options.out)}")
        return 1
    covered = "" if options.pages else "every built-in plugin in HTML in sv and en; "
    print(f"browser-check: {checked}: {covered}no overflow, no overlapping or small chart labels, no console errors, "
          f"no requests, no serious or critical axe violations; screenshots in {os.path.relpath(options.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
