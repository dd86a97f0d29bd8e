"""HttpGatewayBackend against a real local HTTP server."""
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from yiwang.notify.models import Delivery
from yiwang.notify.services import enqueue
from yiwang.notify.sms import HttpGatewayBackend, PermanentSmsError, SmsError
from yiwang.notify.tasks import send_pending


@pytest.fixture
def gateway():
    state = {"requests": [], "status": 200, "answer": {"id": "gw-42"}}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state["requests"].append({"auth": self.headers.get("Authorization"), "json": json.loads(body)})
            payload = json.dumps(state["answer"]).encode()
            self.send_response(state["status"])
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_port}/sms"
    yield state
    server.shutdown()
    server.server_close()


def test_posts_json_with_the_token(gateway):
    backend = HttpGatewayBackend(url=gateway["url"], token="s3cret", timeout=5)
    assert backend.send("13800000001", "【一网】您的办件已受理", ref="B1") == "gw-42"
    (req,) = gateway["requests"]
    assert req["auth"] == "Bearer s3cret"
    assert req["json"] == {"phone": "13800000001", "text": "【一网】您的办件已受理", "ref": "B1"}


def test_client_errors_are_permanent_server_errors_temporary(gateway):
    backend = HttpGatewayBackend(url=gateway["url"], token="t", timeout=5)
    gateway["status"], gateway["answer"] = 400, {"error": "号码无效"}
    with pytest.raises(PermanentSmsError, match="400"):
        backend.send("1", "x")
    gateway["status"] = 503
    with pytest.raises(SmsError) as exc:
        backend.send("13800000001", "x")
    assert not isinstance(exc.value, PermanentSmsError)


def test_unreachable_or_unconfigured_gateway_is_temporary():
    with pytest.raises(SmsError, match="未配置"):
        HttpGatewayBackend(url="", token="").send("13800000001", "x")
    with pytest.raises(SmsError, match="无法连接"):
        HttpGatewayBackend(url="http://127.0.0.1:9/sms", token="", timeout=2).send("13800000001", "x")


def test_configured_through_settings_end_to_end(db, gateway, settings):
    settings.YIWANG_SMS_BACKEND = "yiwang.notify.sms.HttpGatewayBackend"
    settings.YIWANG_SMS_GATEWAY_URL = gateway["url"]
    settings.YIWANG_SMS_GATEWAY_TOKEN = "tok"
    message = enqueue(event="case.ready", subject="请领取", body="证照已制作完成", phone="13800000001",
                      ref="B2026-0003", channels=["sms"])
    send_pending.call_local()
    d = message.deliveries.get()
    assert d.status == Delivery.Status.SENT and d.provider_id == "gw-42"
    assert gateway["requests"][0]["json"]["ref"] == "B2026-0003"
