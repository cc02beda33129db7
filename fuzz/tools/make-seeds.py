#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/seeds/ from a running sandbox and fixtures/.

Usage: leipzig sandbox --port 8080 &  then  fuzz/tools/make-seeds.py [BASE]
(BASE defaults to http://127.0.0.1:8080/; the OIDC seeds need that issuer,
the one core/src/fuzzing.rs expects). Logs in as the fixture user demo-pass
(password `demo`, a test fixture) to fetch the bearer-only answers. Each seed
is the raw input of one target (see fuzz/README.md for the formats).
"""
import base64, hashlib, html, http.cookiejar, json, os, re, secrets, sys, urllib.parse, urllib.request, uuid

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/").rstrip("/")
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SEEDS = os.path.join(ROOT, "fuzz", "seeds")
SEP = b"\x1e"
REDIRECT = "de.leipzig.nahbeimir:/oauth2redirect"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def get(path, token=None, data=None, ctype=None):
    req = urllib.request.Request(BASE + path, data=data)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with opener.open(req) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def seed(target, name, data):
    os.makedirs(os.path.join(SEEDS, target), exist_ok=True)
    with open(os.path.join(SEEDS, target, name), "wb") as f:
        f.write(data)


def compact(body):
    return json.dumps(json.loads(body), ensure_ascii=False, separators=(",", ":")).encode()


def login(user):
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    q = urllib.parse.urlencode({"client_id": "leipzig-app", "response_type": "code", "scope": "openid profile email address phone",
        "redirect_uri": REDIRECT, "state": "s", "nonce": "fuzz-nonce", "code_challenge": challenge, "code_challenge_method": "S256"})
    _, _, page = get("/realms/leipzig/protocol/openid-connect/auth?" + q)
    action = html.unescape(re.search(rb'action="([^"]+)"', page).group(1).decode())
    form = urllib.parse.urlencode({"username": user, "password": "demo"}).encode()
    req = urllib.request.Request(action if action.startswith("http") else BASE + action, data=form)
    try:
        opener.open(req)
    except urllib.error.HTTPError as e:
        location = e.headers["Location"]
    code = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)["code"][0]
    form = urllib.parse.urlencode({"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
        "client_id": "leipzig-app", "code_verifier": verifier}).encode()
    _, _, body = get("/realms/leipzig/protocol/openid-connect/token", data=form, ctype="application/x-www-form-urlencoded")
    return json.loads(body), body


def main():
    status, _, rss = get("/newsfeed/rss.xml")
    seed("news_feed", "sandbox-rss", b"\x01" + rss[:60000])
    for name in ("atom.xml", "typo3-style.xml"):
        with open(os.path.join(ROOT, "fixtures", "news", "feeds", name), "rb") as f:
            seed("news_feed", name, b"\x00" + f.read())
    _, _, utm = get("/geo/facilities.geojson")
    _, _, wgs = get("/geo/facilities.geojson?srsName=EPSG:4326")
    seed("facility_layer", "sandbox-epsg25833.json", compact(utm))
    seed("facility_layer", "sandbox-wgs84.json", compact(wgs))
    for name in ("leipzig-ortsteile_crs84_excerpt.geojson",):
        path = os.path.join(ROOT, "..", "shared", "data", "leipzig", name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                seed("facility_layer", "error-ortsteile-polygons.geojson", f.read())
    _, _, catalogue = get("/api/citizen/offices-and-services/")
    seed("zms", "catalogue", b"\x00" + compact(catalogue))
    cat = json.loads(catalogue)
    office, service = cat["offices"][0]["id"], cat["services"][0]["id"]
    _, _, cal = get(f"/api/citizen/available-calendar/?startDate=2026-11-26&endDate=2026-12-31&officeIds={office}&serviceIds={service}&serviceCounts=1")
    seed("zms", "calendar", b"\x01" + compact(cal))
    days = json.loads(cal).get("availableDays", [])
    slot = next((t for d in days for o in d.get("offices") or [] for t in o.get("appointments") or []), None)
    if slot is not None:
        body = json.dumps({"officeId": office, "serviceId": [service], "serviceCount": [1], "timestamp": int(slot)}).encode()
        _, _, process = get("/api/citizen/reserve-appointment/", data=body, ctype="application/json")
        seed("zms", "process", b"\x02" + compact(process))
    _, _, err = get("/api/citizen/appointment/?processId=1&authKey=x")
    seed("zms", "envelope-404", b"\x03" + err)
    _, _, challenge = get("/api/citizen/captcha-challenge/")
    seed("zms", "captcha-challenge", b"\x04" + challenge)
    seed("zms", "captcha-verify", b"\x81" + b'{"meta":{"success":true},"token":"eyJhbGciOi.x.y"}')

    _, _, discovery = get("/realms/leipzig/.well-known/openid-configuration")
    _, _, jwks = get("/realms/leipzig/protocol/openid-connect/certs")
    tokens, token_body = login("demo-pass")
    access = tokens["access_token"]
    _, _, userinfo = get("/realms/leipzig/protocol/openid-connect/userinfo", token=access)
    parts = [discovery, jwks, token_body, userinfo, REDIRECT.encode()]
    seed("oidc", "code-exchange", b"\x00" + SEP.join(parts))
    seed("oidc", "refresh", b"\x01" + SEP.join(parts))
    seed("oidc", "error-token", b"\x02" + SEP.join([discovery, jwks, b'{"error":"invalid_grant","error_description":"Code not valid"}', userinfo]))

    def app(name, sel, path, status_index=0):
        _, _, body = get(path, token=access)
        seed("app_api", name, bytes([sel, status_index]) + body)
        return body
    app("payment-list", 1, "/v1/payments")
    fees = app("fees", 2, "/v1/fees")
    notices = app("notice-list", 4, "/v1/notices")
    first = (json.loads(notices).get("notices") or [{}])[0].get("id")
    if first:
        app("notice", 5, f"/v1/notices/{first}")
        app("reply-list", 7, f"/v1/notices/{first}/replies")
        body = json.dumps({"retrievedAt": "2026-11-26T10:00:00Z"}).encode()
        req = urllib.request.Request(f"{BASE}/v1/notices/{first}/retrievals", data=body, headers={
            "Authorization": "Bearer " + access, "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})
        try:
            with opener.open(req) as r:
                seed("app_api", "retrieval", bytes([6, 0]) + r.read())
        except urllib.error.HTTPError as e:
            seed("app_api", "retrieval", bytes([6, 0]) + e.read())
    fee = (json.loads(fees).get("fees") or [{}])[0].get("subject")
    if fee:
        body = json.dumps({"subject": fee}).encode()
        req = urllib.request.Request(f"{BASE}/v1/payments", data=body, headers={
            "Authorization": "Bearer " + access, "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})
        try:
            with opener.open(req) as r:
                seed("app_api", "payment", bytes([0, 1]) + r.read())
        except urllib.error.HTTPError as e:
            seed("app_api", "payment-refused", bytes([0, 3]) + e.read())
    app("card-types", 8, "/v1/library/card-types")
    app("registrations", 9, "/v1/library/registrations")
    seed("app_api", "registration-card", bytes([9, 0]) + json.dumps({"registrations": [{"registrationId": "r-1",
        "state": "ACTIVE", "feeCents": 2500, "card": {"cardNumber": "LSB0001234567", "symbology": "CODE39",
        "payload": "LSB0001234567", "validUntil": "2027-11-26"}}]}).encode())
    seed("app_api", "slot-watches", bytes([10, 0]) + b'[{"id":"w-1","matches":[{"officeId":10401,"officeName":"B\xc3\xbcrgerb\xc3\xbcro","serviceId":1,"timestamp":1796112000}]}]')
    seed("app_api", "error-problem", bytes([0, 5]) + b'{"type":"about:blank","title":"Already paid","status":409,"code":"ALREADY_PAID","paymentId":"p-1"}')

    with open(os.path.join(ROOT, "core", "src", "config.rs"), encoding="utf-8") as f:
        full = re.search(r'const FULL: &str = r#"(.*?)"#;', f.read(), re.S)
    if full:
        seed("config_toml", "full.toml", full.group(1).encode())
    seed("config_toml", "limits.toml", b'data_dir = "d"\noffline = true\n[http]\nconnect_timeout_ms = 500\nmax_retries = 2\n[news]\nmax_feed_bytes = 1048576\nmax_items = 100\n[facilities]\nmax_layer_bytes = 1000000\n')
    for i, link in enumerate([
        "https://app.leipzig.de/pay/return?paymentId=0b7c2f0e-5a4d-4b8e-9d7a-3c1f2e4d5a6b",
        "de.leipzig.nahbeimir://pay/return?paymentId=p-1&status=PAYED",
        "https://app.leipzig.de/pay/return/?paymentId=../../fees",
        "http://[::1]:8080/v1/",
        "https://xn--bcher-kva.example/v1/?a=%22",
    ]):
        seed("deep_links", f"link-{i}", link.encode())


main()
