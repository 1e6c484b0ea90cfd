"""The web view's part of tools/browser-check.py: starts `fundledger serve` on the browser check's demo
database, logs in through /login with the keyboard alone (or, where the build has no password login yet,
with a bearer token set on every request), records one disbursement through a recording form with the
keyboard alone, and returns the pages to check like the reports (same widths, same checks; a request
anywhere but the server itself is a failure)."""
import os
import subprocess
import time

USER = "browser-check"
PASSWORD = "korrekt häst batteri häftklammer"


def start_server(fundledger, env):
    """`fundledger serve --port 0 --rate-limit 0`; returns the process and its base URL."""
    process = subprocess.Popen([fundledger, "serve", "--port", "0", "--rate-limit", "0"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline().strip()
    if not line.startswith("listening on "):
        process.kill()
        raise SystemExit(f"browser-check: fundledger serve did not start: {line!r}")
    return process, line[len("listening on "):]


def add_user(fundledger, env):
    """An admin with a password where the build has password login; also a token. Returns (token, has_password)."""
    completed = subprocess.run([fundledger, "user", "add", USER, "--role", "admin", "--token", "--password-stdin"],
                               input=PASSWORD + "\n", env=env, capture_output=True, text=True)
    if completed.returncode == 0:
        return completed.stdout.strip().splitlines()[0], True
    completed = subprocess.run([fundledger, "user", "add", USER, "--role", "admin", "--token"], env=env,
                               capture_output=True, text=True, check=True)
    return completed.stdout.strip().splitlines()[0], False


def press_tab_until(driver, element_id, limit=60):
    """Moves focus with Tab until the element `element_id` has it; fails if it never does, or if the focused
    element shows no visible focus indicator on the way there."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    for _ in range(limit):
        if driver.execute_script("return document.activeElement && document.activeElement.id") == element_id:
            outline = driver.execute_script(
                "const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth")
            return None if not outline.startswith("none") else f"#{element_id} has focus but no visible outline ({outline})"
        ActionChains(driver).send_keys(Keys.TAB).perform()
    return f"Tab never reached #{element_id}"


def type_into(driver, element_id, text):
    from selenium.webdriver.common.action_chains import ActionChains
    problem = press_tab_until(driver, element_id)
    if problem:
        return problem
    ActionChains(driver).send_keys(text).perform()
    return None


def log_in(driver, base, token, has_password):
    """Logs in with the keyboard alone; returns failures."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    if not has_password:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": "Bearer " + token}})
        return []
    driver.get(base + "/login")
    failures = []
    for field, text in (("username", USER), ("password", PASSWORD)):
        problem = type_into(driver, field, text)
        if problem:
            failures.append(f"FAIL /login keyboard: {problem}")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    time.sleep(0.5)
    if driver.current_url.rstrip("/") != base:
        failures.append(f"FAIL /login keyboard: after Enter the browser is at {driver.current_url}, not the start page")
    return failures


def record_with_keyboard(driver, base, fund, initiative):
    """Fills the disbursement form with Tab and typing, sends it with Enter, and expects the page to say it
    was recorded."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    driver.get(f"{base}/funds/{fund}/record?command=disburse")
    failures = []
    for field, text in (("field-initiative", initiative), ("field-amount", "1 000 kr"), ("field-department", "BUN"),
                        ("field-voucher", "BC-1"), ("field-reason", "Tangentbordsprov")):
        problem = type_into(driver, field, text)
        if problem:
            failures.append(f"FAIL record form keyboard: {problem}")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    time.sleep(0.5)
    status = driver.execute_script("const s = document.querySelector('[role=status]'); return s ? s.textContent : null")
    if not status or "Registrerat" not in status:
        alert = driver.execute_script("const a = document.querySelector('.error'); return a ? a.textContent : ''")
        failures.append(f"FAIL record form keyboard: no 'Registrerat' after Enter ({alert or 'no message'})")
    # Post/Redirect/Get: the page after the post is a GET, so a reload sends nothing again.
    if "recorded=" not in driver.current_url:
        failures.append(f"FAIL record form: the answer to a post is not a redirect to the form ({driver.current_url})")
    return failures


def follow_link_to_a_swedish_fund(driver, base, fundledger, env):
    """Establishes a fund whose id holds letters outside ASCII (Höör's, `höör-fonden`), clicks its link on the
    start page as a person would, and expects its page: ids in links are percent-encoded and path segments
    decoded (an adversarial probe found such funds listed but unreachable). Returns failures."""
    name = "Höörs sociala investeringsfond"
    completed = subprocess.run(
        [fundledger, "fund", "establish", "--fund", "höör-fonden", "--organisation", "212000-1173", "--name", name,
         "--effective-date", "2026-01-02"], env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        return [f"FAIL web: could not establish höör-fonden: {completed.stderr.strip()}"]
    driver.get(base + "/")
    links = [a for a in driver.find_elements("tag name", "a") if a.text.strip() == name]
    if not links:
        return ["FAIL web: the start page has no link to " + name]
    links[0].click()
    time.sleep(0.5)
    heading = driver.execute_script("const h = document.querySelector('h1'); return h ? h.textContent : ''")
    if name not in heading:
        return [f"FAIL web: the link to {name} led to {driver.current_url} with the heading {heading!r}"]
    return []


def a_long_name_keeps_the_table_readable(driver, base, fundledger, env):
    """Establishes a fund whose name is 400 letters without a space (a paste gone wrong) and expects the start
    page's table, 1 280 px wide, to fit its region: the name wraps in its cell instead of pushing every fund's
    balance out of sight (an adversarial probe's finding). Returns failures."""
    completed = subprocess.run(
        [fundledger, "fund", "establish", "--fund", "lang-namn", "--organisation", "212000-1173", "--name",
         "Långnamnsfonden" + "x" * 400, "--effective-date", "2026-01-02"], env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        return [f"FAIL web: could not establish lang-namn: {completed.stderr.strip()}"]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    driver.get(base + "/")
    widths = driver.execute_script(
        "const t = document.querySelector('table'); const r = t && t.closest('.scroll');"
        "return t && r ? [t.scrollWidth, r.clientWidth] : null")
    if not widths:
        return ["FAIL web: the start page has no table of funds in a region"]
    if widths[0] > widths[1]:
        return [f"FAIL web: a 400-letter fund name makes the start page's table {widths[0]} px wide in {widths[1]} px"]
    return []


def refused_form(base, fund, initiative):
    """Loads the disbursement form and sends it with more than the initiative has left, so the page shows a
    rule's refusal (in Swedish) at the top of the form and what was typed in its fields."""
    def load(driver):
        driver.get(f"{base}/funds/{fund}/record?command=disburse")
        driver.execute_script(
            "const set = (id, value) => { document.getElementById(id).value = value; };"
            f"set('field-initiative', {initiative!r}); set('field-amount', '900 000 000 kr'); set('field-department', 'BUN');"
            "set('field-voucher', 'BC-2'); document.querySelector('main form[method=post]').submit();")
        for _ in range(50):
            if driver.execute_script("return document.readyState === 'complete' && !!document.getElementById('form-error')"):
                return
            time.sleep(0.1)
    return load


# Pages that answer with an error status on purpose: Chromium logs the status of the document as a console
# error, which for these is expected.
EXPECTED_STATUS = {"web-report-refused": 422, "web-bad-address": 400, "web-not-found": 404, "web-record-refused": 422}


def pages(fund, initiative, plugins=()):
    """The web view's pages to check, by name and path: every page of docs/web.md in Swedish, the English and
    time-travel variants of the main ones, every report plugin the demo ledger answers (`plugins`), every
    recording form, and the error pages a reader can meet."""
    listed = [
        ("web-start", "/"), ("web-start-en", "/?lang=en"), ("web-fund", f"/funds/{fund}"), ("web-fund-en", f"/funds/{fund}?lang=en"),
        ("web-fund-at-10", f"/funds/{fund}?at_head=40"), ("web-fund-booked", f"/funds/{fund}?effective_until=2025-12-31"),
        ("web-initiative", f"/funds/{fund}/initiatives/{initiative}"),
        ("web-initiative-en", f"/funds/{fund}/initiatives/{initiative}?lang=en"), ("web-savings-flows", f"/funds/{fund}/savings-flows"),
        ("web-reports", "/reports"), ("web-reports-en", "/reports?lang=en"),
        ("web-audit", "/audit"), ("web-audit-at-40", "/audit?at_head=40"), ("web-accessibility", "/accessibility"),
        ("web-report-refused", f"/reports/sroi?fund={fund}"), ("web-bad-address", f"/funds/{fund}?at_head=igar"),
        ("web-not-found", "/funds/finns-inte"),
    ]
    listed += [(f"web-report-{plugin}", f"/reports/{plugin}?fund={fund}") for plugin in plugins]
    listed += [(f"web-record-{command}", f"/funds/{fund}/record?command={command}")
               for command in ("apply", "decide", "disburse", "realise_saving", "receive_repayment", "waive_repayment")]
    return listed
