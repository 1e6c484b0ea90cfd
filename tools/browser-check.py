#!/usr/bin/env python3
"""Opens every report plugin's HTML output in a real browser (headless Chromium through selenium) and
checks what a reader sees, at 360, 768 and 1280 px wide:

  overflow    the page is no wider than the window (document scrollWidth <= clientWidth); a table or chart
              wider than its column may scroll sideways only inside a container that is itself focusable
              (tabindex="0", so a keyboard can scroll it) and labelled (aria-label or aria-labelledby)
  labels      no two text labels of one SVG chart overlap (their getBoundingClientRect boxes)
  console     the browser log holds no error
  requests    nothing is fetched from outside the page: every resource is file: or data:
  axe         axe-core (axe-selenium-python) finds no serious or critical violation

  tools/browser-check.py --fundledger .build/debug/fundledger     record the demo ledger in a database of
                                                                  its own, render every plugin (sv and en)
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDTHS = (360, 768, 1280)
HEIGHT = 900
DATABASE = "browser_check"
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
result.resources = performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);
result.height = Math.max(doc.scrollHeight, document.body.scrollHeight);
return result;
"""


def check_page(driver, axe_script, path, out_dir, page=None, allowed=("file:", "data:")):
    """The failures of one HTML file (or, with `page` naming it, one URL), at every width; resources outside
    `allowed` are requests leaving the page."""
    failures = []
    url = path if page else "file://" + os.path.abspath(path)
    page = page or os.path.basename(path)
    for width in WIDTHS:
        def fail(check, message):
            failures.append(f"FAIL {page} @{width}px {check}: {message}")

        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": width < 768})
        driver.get_log("browser")  # drop what an earlier page left
        driver.get(url)
        found = driver.execute_script(MEASURE)
        if found["scrollWidth"] > found["clientWidth"]:
            culprits = "; ".join(found["outside"][:3]) or "no single element found"
            fail("overflow", f"the page is {found['scrollWidth']} px wide in a {found['clientWidth']} px window ({culprits})")
        elif found["outside"]:
            fail("overflow", "cut at the right edge: " + "; ".join(found["outside"][:3]))
        for scroller in found["badScrollers"]:
            fail("overflow", f"{scroller} scrolls sideways but is not focusable (tabindex=\"0\") and labelled (aria-label)")
        for overlap in found["overlaps"]:
            fail("labels", "chart labels overlap: " + overlap)
        for entry in driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
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


def render_reports(fundledger, out_dir):
    """Records the demo ledger in a database of its own in this checkout's cluster and renders every built-in
    plugin's HTML in Swedish and English; returns the files. A plugin the demo ledger cannot answer is skipped
    with a note (its own tests cover it)."""
    fundledger = os.path.abspath(fundledger)
    server = run_tool(fundledger, "db", "url", "--name", "postgres").strip()
    run_tool("psql", server, "-q", "-v", "ON_ERROR_STOP=1", "-c", f"DROP DATABASE IF EXISTS {DATABASE}",
             "-c", f"CREATE DATABASE {DATABASE}")
    env = dict(os.environ)
    env["DATABASE_URL"] = run_tool(fundledger, "db", "url", "--name", DATABASE).strip()
    run_tool(fundledger, "migrate", env=env)
    run_tool(fundledger, "demo", env=env)
    for command in sorted(os.listdir(os.path.join(ROOT, "examples", "commands"))):
        if command.endswith("-worked-example.yaml"):  # the evaluation models' valuation data and outcomes
            subprocess.run([fundledger, "record", "--file", os.path.join(ROOT, "examples", "commands", command)],
                           env=env, capture_output=True)
    plugins = json.loads(run_tool(fundledger, "plugins", "--json", env=env))
    initiatives = {}
    files = []
    for plugin in plugins:
        names = {parameter["name"] for parameter in plugin["parameters"]}
        args = []
        if "fund" in names:
            args += ["--fund", DEMO_FUND]
        for lang in ("sv", "en"):
            target = os.path.join(out_dir, f"{plugin['id']}.{lang}.html")
            completed = subprocess.run([fundledger, "report", plugin["id"], *args, "--format", "html", "--lang", lang,
                                        "--output", target], env=env, capture_output=True, text=True)
            if completed.returncode != 0:
                print(f"browser-check: note: {plugin['id']} has no report on the demo ledger "
                      f"({completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else 'exit ' + str(completed.returncode)}); skipped")
                break
            files.append(target)
    return files


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
    try:
        failures += web_check.log_in(driver, base, token, has_password)
        failures += web_check.record_with_keyboard(driver, base, DEMO_FUND, DEMO_INITIATIVE)
        for name, path in web_check.pages(DEMO_FUND, DEMO_INITIATIVE):
            failures += check_page(driver, axe_script, base + path, out_dir, page=name, allowed=(base + "/", "data:"))
    finally:
        driver.quit()
        server.terminate()
        server.wait()
    return failures, len(web_check.pages(DEMO_FUND, DEMO_INITIATIVE))


# The SROI worked example of docs/models/sroi.md, so an evaluation model's report is checked too.
SROI_SETUP = [
    ["apply", os.path.join(ROOT, "examples", "commands", "sroi-worked-example.yaml")],
    ["valuation", "proxy", "--organisation", "212000-0886", "--outcome", "employment", "--description", "a person in work",
     "--unit", "person", "--value", "8 500", "--source", "browser check", "--price-year", "2026", "--effective-date", "2026-03-01"],
    ["valuation", "assumptions", "--fund", "sif", "--initiative", "insats", "--deadweight", "40%", "--attribution", "30%",
     "--drop-off", "30%", "--discount-rate", "3.5%", "--horizon-years", "2", "--source", "utvärderingsplan",
     "--effective-date", "2026-03-01"],
    ["initiative", "measure", "--fund", "sif", "--initiative", "insats", "--indicator", "employment", "--value", "60",
     "--period", "2026", "--effective-date", "2026-12-31"],
]


def render_model_reports(fundledger, out_dir):
    """The SROI worked example in a database of its own, and its report in Swedish and English."""
    fundledger = os.path.abspath(fundledger)
    server = run_tool(fundledger, "db", "url", "--name", "postgres").strip()
    run_tool("psql", server, "-q", "-v", "ON_ERROR_STOP=1", "-c", f"DROP DATABASE IF EXISTS {DATABASE}_models",
             "-c", f"CREATE DATABASE {DATABASE}_models")
    env = dict(os.environ)
    env["DATABASE_URL"] = run_tool(fundledger, "db", "url", "--name", DATABASE + "_models").strip()
    run_tool(fundledger, "migrate", env=env)
    for command in SROI_SETUP:
        run_tool(fundledger, *command, env=env)
    files = []
    for lang in ("sv", "en"):
        target = os.path.join(out_dir, f"sroi.{lang}.html")
        run_tool(fundledger, "report", "sroi", "--fund", "sif", "--initiative", "insats", "--format", "html", "--lang", lang,
                 "--output", target, env=env)
        files.append(target)
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", help="HTML files to check (default: render every plugin's report)")
    parser.add_argument("--fundledger", default=os.path.join(ROOT, ".build", "debug", "fundledger"))
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "browser-check"))
    parser.add_argument("--no-web", action="store_true", help="check the HTML reports only, not the web view's pages")
    options = parser.parse_args()
    os.makedirs(options.out, exist_ok=True)
    pages = options.pages or render_reports(options.fundledger, options.out) + render_model_reports(options.fundledger, options.out)
    if not pages:
        fail_setup("no pages to check")
    try:
        from axe_selenium_python.axe import _DEFAULT_SCRIPT
    except ImportError:
        fail_setup("axe-selenium-python is not installed (run scripts/install-deps.sh)")
    with open(_DEFAULT_SCRIPT, encoding="utf-8") as handle:
        axe_script = handle.read()
    driver = browser()
    failures = []
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
    print(f"browser-check: {checked}: no overflow, no overlapping chart labels, no console errors, no requests, "
          f"no serious or critical axe violations; screenshots in {os.path.relpath(options.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
