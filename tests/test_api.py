"""The HTTP API and web UI escape hostile article content."""
from fastapi.testclient import TestClient

from rasid.analysis import analyze
from rasid.api.app import create_app

HOSTILE = '<script>alert("x")</script> قال الوزير إن <img src=x onerror=alert(1)> المحادثات انتهت.'


def test_api_and_ui_escape_article_content(tmp_path):
    (tmp_path / "evil.txt").write_text(HOSTILE + "\nوأضاف أن الجولة المقبلة في جنيف.", encoding="utf-8")
    db = str(tmp_path / "r.db")
    analyze([str(tmp_path / "evil.txt")], db)
    client = TestClient(create_app(db))
    docs = client.get("/api/documents").json()
    assert docs[0]["id"] == "evil.txt"
    assert client.get("/api/documents/evil.txt").json()["text"].startswith("<script>")
    page = client.get("/doc/evil.txt")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text
    assert "<img src=x" not in page.text
    assert "script-src 'none'" in page.headers["content-security-policy"]
    assert client.get("/").status_code == 200
    assert client.get("/doc/missing").status_code == 404
