"""A save waiting for the workspace lock does not hold up other requests (served by uvicorn)."""
from __future__ import annotations

import threading
import time

import httpx

from gongkai.catalog.lock import workspace_lock
from gongkai.catalog.workspace import Workspace
from web_support import as_data, form_fields, make_root


def test_pages_answer_while_a_save_waits_for_the_lock_then_it_says_busy(tmp_path, live_server):
    root = make_root(tmp_path, [{}])
    url = live_server(root)
    code = next(i.code for _, i in Workspace.load(root).items())
    with httpx.Client(base_url=url, timeout=30) as http:
        page = http.get(f"/item/{code}/edit").text
        fields = as_data([(k, v) for k, v in form_fields(page, "edit-form") if k != "body"] + [("body", "区民政局")])
        answer = {}
        with workspace_lock(root, on_wait=None):          # another writer (a terminal command) holds it
            saving = threading.Thread(target=lambda: answer.update(r=http.post(f"/item/{code}/edit", data=fields)))
            started = time.monotonic()
            saving.start()
            time.sleep(0.3)
            assert saving.is_alive()                      # the save is waiting …
            other = http.get("/")                         # … and the server still answers
            assert other.status_code == 200 and time.monotonic() - started < 2.5
            saving.join(timeout=15)
        assert answer["r"].status_code == 503 and "忙，请稍后再试" in answer["r"].text
        assert next(i for _, i in Workspace.load(root).items()).body != "区民政局"
