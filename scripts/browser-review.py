#!/usr/bin/env python3
"""Drives catalogd's review pages in headless Chromium over the DevTools protocol, the way a
reviewer does with a keyboard: open the queue, open the first item, type a name, press Enter
to approve. Takes a screenshot of each page. Standard library only (a minimal WebSocket
client), so it runs wherever Debian's chromium and python3 are installed.

usage: browser-review.py BASE_URL OUT_DIR   (prints a JSON summary on stdout)
"""
import base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request


class DevTools:
    def __init__(self, ws_url):
        host_port, path = ws_url[len("ws://"):].split("/", 1)
        host, port = host_port.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(4096)
        if b" 101 " not in response.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"websocket upgrade refused: {response[:200]!r}")
        self.buffer = response.split(b"\r\n\r\n", 1)[1]
        self.next_id = 0
        self.events = []

    def _read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise RuntimeError("devtools connection closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _send(self, text):
        payload = text.encode()
        header = bytes([0x81])
        mask = os.urandom(4)
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(payload))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _message(self):
        parts = []
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(length)
            parts.append(payload)
            if first & 0x80:
                return json.loads(b"".join(parts))

    def call(self, method, **params):
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = self._message()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for index, message in enumerate(self.events):
                if message.get("method") == event:
                    del self.events[: index + 1]
                    return message
            self.events.append(self._message())
        raise RuntimeError(f"timed out waiting for {event}")

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def key(self, key, code, vk, text=None):
        for kind in ("keyDown", "keyUp"):
            params = {"type": kind if text is None or kind == "keyUp" else "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk}
            if text is not None and kind == "keyDown":
                params["text"] = text
            self.call("Input.dispatchKeyEvent", **params)


def main():
    base, out = sys.argv[1].rstrip("/"), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print(json.dumps({"error": "chromium is not installed"}))
        return 2
    profile = tempfile.mkdtemp(prefix="catalogd-chromium-")
    process = subprocess.Popen([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    summary = {}
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if time.time() > deadline:
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        tools = DevTools(next(p for p in pages if p["type"] == "page")["webSocketDebuggerUrl"])
        tools.call("Page.enable")
        tools.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)

        def visit(url):
            tools.call("Page.navigate", url=url)
            tools.wait_for("Page.loadEventFired")

        def shot(name):
            data = tools.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
            path = os.path.join(out, name)
            with open(path, "wb") as f:
                f.write(base64.b64decode(data))
            return path

        visit(base + "/review")
        summary["list_title"] = tools.evaluate("document.title")
        summary["list_items"] = tools.evaluate("[...document.querySelectorAll('tbody tr')].map(r => r.cells[1].textContent)")
        summary["list_screenshot"] = shot("review-list.png")
        # Open the first item from the keyboard: it has the focus on load; Enter follows it.
        summary["focused"] = tools.evaluate("document.activeElement && document.activeElement.textContent")
        tools.key("Enter", "Enter", 13, text="\r")
        tools.wait_for("Page.loadEventFired")
        summary["item_url"] = tools.evaluate("location.pathname")
        summary["item_inserted"] = tools.evaluate("[...document.querySelectorAll('ins')].map(e => e.textContent).join('|')")
        summary["item_removed"] = tools.evaluate("[...document.querySelectorAll('del')].map(e => e.textContent).join('|')")
        summary["item_screenshot"] = shot("review-item.png")
        # Approve from the keyboard: type a name into the reviewer field, press Enter.
        tools.evaluate("document.querySelector('form[action$=\"/approve\"] input[name=reviewer]').focus()")
        tools.call("Input.insertText", text="Ana")
        tools.key("Enter", "Enter", 13, text="\r")
        tools.wait_for("Page.loadEventFired")
        summary["after_url"] = tools.evaluate("location.pathname + location.search")
        summary["after_notice"] = tools.evaluate("(document.querySelector('[role=status]') || {}).textContent || ''")
        summary["after_screenshot"] = shot("review-approved.png")
    except Exception as error:  # reported, so the test shows what went wrong
        summary["error"] = str(error)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)
    print(json.dumps(summary))
    return 1 if "error" in summary else 0


if __name__ == "__main__":
    sys.exit(main())
