"""A small OpenID Connect provider for the tests: real HTTP on 127.0.0.1 (a free port), in a thread.

It serves discovery, JWKS, authorize, token and userinfo, checks the client's secret, the redirect URI and
the PKCE verifier (S256) at the token endpoint, and signs RS256 ID tokens with joserfc. Its `fault` makes
it misbehave the way an attacker or a broken provider would: another key, another audience, an expired
token, a nonce of another log-in.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "helhed-test"
CLIENT_SECRET = "test-client-secret"


@dataclass
class Provider:
    # In the ID token and from userinfo; "amr" says the person gave a password and a second factor (RFC 8176).
    claims: dict[str, Any] = field(default_factory=lambda: {"sub": "u-1", "email": "anna@example.test",
                                                            "amr": ["pwd", "mfa"]})
    fault: str = ""  # "", "wrong-key", "wrong-audience", "expired", "wrong-nonce"
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    other_key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    logout_requests: list[dict[str, str]] = field(default_factory=list)
    issued_id_tokens: list[str] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def issuer(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def start(self) -> Provider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

            def do_GET(self) -> None:
                provider.handle(self, "GET")

            def do_POST(self) -> None:
                provider.handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # --- the endpoints ---------------------------------------------------------------------------------
    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(request.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            return self._json(request, {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "end_session_endpoint": f"{self.issuer}/logout",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            })
        if url.path == "/jwks":
            return self._json(request, dict(KeySet([self.key]).as_dict(private=False)))
        if url.path == "/authorize" and method == "GET":
            self.authorize_requests.append(query)
            code = secrets.token_urlsafe(16)
            self.codes[code] = query
            target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
            request.send_response(302)
            request.send_header("Location", target)
            request.end_headers()
            return None
        if url.path == "/token" and method == "POST":
            return self._token(request)
        if url.path == "/logout" and method == "GET":
            self.logout_requests.append(query)
            request.send_response(302)
            request.send_header("Location", query.get("post_logout_redirect_uri", "/"))
            request.end_headers()
            return None
        if url.path == "/userinfo":
            return self._json(request, self.claims)
        request.send_response(404)
        request.end_headers()
        return None

    def _token(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(request.rfile.read(length).decode()).items()}
        self.token_requests.append(form)
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        asked = self.codes.pop(form.get("code", ""), None)
        if request.headers.get("Authorization") != expected or asked is None:
            return self._json(request, {"error": "invalid_client"}, status=401)
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        ).rstrip(b"=").decode()
        if challenge != asked.get("code_challenge") or form.get("redirect_uri") != asked["redirect_uri"]:
            return self._json(request, {"error": "invalid_grant"}, status=400)
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
            "nonce": asked.get("nonce"), **self.claims,
        }
        if self.fault == "wrong-audience":
            claims["aud"] = "someone-else"
        if self.fault == "expired":
            claims.update(iat=now - 3600, exp=now - 1800)
        if self.fault == "wrong-nonce":
            claims["nonce"] = "a-nonce-of-another-log-in"
        key = self.other_key if self.fault == "wrong-key" else self.key
        id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)
        self.issued_id_tokens.append(id_token)
        return self._json(request, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                                    "expires_in": 300, "id_token": id_token})

    @staticmethod
    def _json(request: BaseHTTPRequestHandler, body: dict[str, Any], status: int = 200) -> None:
        data = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)
