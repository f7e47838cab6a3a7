"""Drive Debian's chromium headless over the DevTools protocol on a pipe.

``--remote-debugging-pipe`` makes chromium read commands from file descriptor 3 and write
answers and events to 4, as JSON messages ending in a NUL byte. That needs nothing beyond the
browser itself: no driver binary, no websocket client, no extra Python package.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shlex
import shutil
import subprocess
import tempfile
import time


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


class Chromium:
    """One headless browser with one page; use as a context manager."""

    def __init__(self, executable: str, *, width: int = 1400, height: int = 1000):
        self.width, self.height = width, height
        self._profile = tempfile.mkdtemp(prefix="threepas-chromium-")
        commands_r, self._commands = os.pipe()
        self._answers, answers_w = os.pipe()
        args = [
            executable,
            "--headless=new",
            "--remote-debugging-pipe",
            "--no-sandbox",  # CI runs as root, where chromium's sandbox cannot start
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            f"--user-data-dir={self._profile}",
            f"--window-size={width},{height}",
            "about:blank",
        ]
        # bash puts the pipe ends on 3 and 4, whatever numbers they have here (dash cannot
        # redirect from descriptors above 9).
        command = f"exec {shlex.join(args)} 3<&{commands_r} 4>&{answers_w}"
        self._process = subprocess.Popen(
            [shutil.which("bash") or "/bin/bash", "-c", command],
            pass_fds=(commands_r, answers_w),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        os.close(commands_r)
        os.close(answers_w)
        self._buffer = b""
        self._last_id = 0
        self._events: list[dict] = []
        self.session = None

    def __enter__(self) -> Chromium:
        target = self.send("Target.createTarget", {"url": "about:blank"})
        self.session = self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )["sessionId"]
        self.page("Page.enable")
        self.page(
            "Emulation.setDeviceMetricsOverride",
            {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False},
        )
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (OSError, RuntimeError, TimeoutError):
            pass
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stderr.close()
        os.close(self._commands)
        os.close(self._answers)
        shutil.rmtree(self._profile, ignore_errors=True)

    # Protocol ----------------------------------------------------------------------------------

    def send(self, method: str, params: dict | None = None, *, session=None, timeout=30) -> dict:
        self._last_id += 1
        message = {"id": self._last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read(timeout)
            if answer.get("id") == self._last_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]
            self._events.append(answer)

    def page(self, method: str, params: dict | None = None, **kwargs) -> dict:
        return self.send(method, params, session=self.session, **kwargs)

    def wait_for(self, event: str, timeout: float = 30) -> dict:
        for index, seen in enumerate(self._events):
            if seen.get("method") == event:
                return self._events.pop(index)
        deadline = time.monotonic() + timeout
        while True:
            message = self._read(deadline - time.monotonic())
            if message.get("method") == event:
                return message
            self._events.append(message)

    def _read(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._answers], [], [], left)[0]:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._answers, 1 << 20)
            if not chunk:
                raise RuntimeError(
                    "chromium stopped: " + self._process.stderr.read().decode()[-2000:]
                )
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    # What a test needs -------------------------------------------------------------------------

    def set_cookie(self, url: str, name: str, value: str) -> None:
        result = self.page("Network.setCookie", {"url": url, "name": name, "value": value})
        if not result.get("success", True):
            raise RuntimeError(f"chromium refused the cookie {name} for {url}")

    def open(self, url: str, timeout: float = 60) -> None:
        self._events = [e for e in self._events if e.get("method") != "Page.loadEventFired"]
        answer = self.page("Page.navigate", {"url": url})
        if answer.get("errorText"):
            raise RuntimeError(f"{url}: {answer['errorText']}")
        self.wait_for("Page.loadEventFired", timeout)

    def evaluate(self, expression: str):
        answer = self.page("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in answer:
            raise RuntimeError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def screenshot(self) -> bytes:
        return base64.b64decode(self.page("Page.captureScreenshot", {"format": "png"})["data"])
