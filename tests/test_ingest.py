"""Every input format, detected by content and extension, and bad input."""
import gzip
import io
import json

import pytest

from rasid.ingest import IngestOptions, Problem, iter_articles
from rasid.model import Article

AR = "أعلنت الحكومة السورية اليوم أن وفدها سيشارك في محادثات أستانة المقبلة برعاية روسيا وتركيا وإيران."


def read(paths, **kw):
    items = list(iter_articles([str(p) for p in paths], IngestOptions(**kw)))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Problem)]


def test_text_and_markdown(tmp_path):
    (tmp_path / "a.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "b.md").write_text("# عنوان الخبر\n\n" + AR, encoding="utf-8")
    arts, probs = read([tmp_path])
    assert [a.id for a in arts] == ["a.txt", "b.md"] and not probs
    assert arts[1].format == "markdown"


def test_html_main_text_and_metadata(tmp_path):
    html = f"""<!doctype html><html><head><title>محادثات أستانة</title>
    <meta property="article:published_time" content="2017-02-16T10:00:00Z">
    <meta name="author" content="مراسل الوكالة"></head><body>
    <nav><a href="/">الرئيسية</a> / <a href="/world">دولي</a></nav>
    <article><h1>محادثات أستانة</h1><p>{AR}</p><p>{AR.replace('اليوم', 'أمس')}</p></article>
    <footer>جميع الحقوق محفوظة</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    arts, probs = read([tmp_path / "page.html"])
    assert len(arts) == 1, probs
    a = arts[0]
    assert a.format == "html" and a.title == "محادثات أستانة"
    assert a.published.startswith("2017-02-16")
    assert "الحكومة السورية" in a.text and "جميع الحقوق" not in a.text


def test_rss_feed_one_article_per_entry(tmp_path):
    feed = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>وكالة الأنباء</title>
    <item><title>الخبر الأول</title><link>http://x/1</link><pubDate>Thu, 16 Feb 2017 10:00:00 GMT</pubDate>
    <description>&lt;p&gt;{AR}&lt;/p&gt;</description></item>
    <item><title>الخبر الثاني</title><link>http://x/2</link><description>{AR}</description></item>
    </channel></rss>"""
    (tmp_path / "feed.xml").write_text(feed, encoding="utf-8")
    arts, probs = read([tmp_path / "feed.xml"])
    assert [a.url for a in arts] == ["http://x/1", "http://x/2"]
    assert arts[0].published == "2017-02-16T10:00:00" and arts[0].outlet == "وكالة الأنباء"
    assert "<p>" not in arts[0].text


def test_jsonl_gzip_field_mapping_and_overrides(tmp_path):
    recs = [{"source": "spa", "url": "http://s/1", "date_extracted": "2015-07-21 02:51:32", "title": "t",
             "content": AR}, {"body": AR, "id": "r2", "pub_date": "2015-07-22"}]
    path = tmp_path / "day.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(json.dumps(r, ensure_ascii=False) for r in recs).encode()))
    arts, probs = read([path])
    assert not probs
    assert arts[0].outlet == "spa" and arts[0].published == "2015-07-21T02:51:32"
    assert arts[1].id == "r2" and arts[1].published == "2015-07-22"
    # the same record twice gets the same stable id
    again, _ = read([path])
    assert arts[0].id == again[0].id
    (tmp_path / "custom.jsonl").write_text(json.dumps({"matn": AR, "headline": "x"}, ensure_ascii=False))
    arts, probs = read([tmp_path / "custom.jsonl"], fields={"text": "matn"})
    assert arts and arts[0].text == AR


def test_json_array(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"text": AR, "id": 1}, {"text": AR + " ثانية", "id": 2}],
                                                ensure_ascii=False))
    arts, _ = read([tmp_path / "a.json"])
    assert [a.id for a in arts] == ["1", "2"]


def test_warc_html_responses(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    page = f"<html><head><title>خبر</title></head><body><article><p>{AR}</p><p>{AR}</p></article></body></html>"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
    writer.write_record(writer.create_warc_record("http://news.example/1", "response",
                                                  payload=io.BytesIO(page.encode()), http_headers=headers))
    (tmp_path / "crawl.warc.gz").write_bytes(buf.getvalue())
    arts, probs = read([tmp_path / "crawl.warc.gz"])
    assert len(arts) == 1 and arts[0].url == "http://news.example/1" and arts[0].format == "warc"


def test_glob_and_missing_path(tmp_path):
    (tmp_path / "x.txt").write_text(AR, encoding="utf-8")
    arts, probs = read([tmp_path / "*.txt", tmp_path / "nope.txt"])
    assert len(arts) == 1
    assert probs[0].reason == "no such file or directory"


def test_sidecar_metadata(tmp_path):
    (tmp_path / "x.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "x.txt.meta.json").write_text('{"published": "2017-02-16", "outlet": "وكالة"}')
    arts, _ = read([tmp_path])
    assert len(arts) == 1 and arts[0].published == "2017-02-16" and arts[0].outlet == "وكالة"


# --- bad input ------------------------------------------------------------------
def test_windows_1256_is_decoded(tmp_path):
    (tmp_path / "legacy.txt").write_bytes(AR.encode("windows-1256"))
    arts, probs = read([tmp_path])
    assert arts[0].text == AR and arts[0].meta["encoding"] == "windows-1256"


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("broken.gz", b"\x1f\x8b\x08\x00garbage", "gzip"),
    ("latin.txt", "caf\xe9 \xff\xfe bad".encode("latin-1") + bytes([0x81, 0x8d, 0x8e]) * 3, "not valid text"),
])
def test_bad_files_are_skipped_with_a_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(AR, encoding="utf-8")
    arts, probs = read([tmp_path])
    assert [a.id for a in arts] == ["good.txt"]  # the run goes on
    assert len(probs) == 1 and reason in probs[0].reason and probs[0].source.endswith(name)


def test_malformed_json_lines_are_reported_by_line(tmp_path):
    lines = [json.dumps({"text": AR}), "{not json", json.dumps({"title": "no text"}), json.dumps({"text": AR + "!"})]
    (tmp_path / "x.jsonl").write_text("\n".join(lines), encoding="utf-8")
    arts, probs = read([tmp_path / "x.jsonl"])
    assert len(arts) == 2
    assert [p.location for p in probs] == ["line 2", "line 3"]
    assert "malformed JSON" in probs[0].reason and "no text" in probs[1].reason


def test_oversized_file_is_skipped(tmp_path):
    (tmp_path / "big.txt").write_text(AR * 100, encoding="utf-8")
    arts, probs = read([tmp_path], max_bytes=1000)
    assert not arts and "over the limit" in probs[0].reason


def test_malformed_feed_and_truncated_html(tmp_path):
    (tmp_path / "bad.rss").write_text("<rss><channel><item><title>x", encoding="utf-8")
    (tmp_path / "cut.html").write_text(f"<html><body><article><p>{AR} {AR}", encoding="utf-8")
    arts, probs = read([tmp_path])
    assert [a.id for a in arts] == ["cut.html"]  # truncated HTML still yields its text
    assert any(p.source.endswith("bad.rss") and p.kind == "skipped" for p in probs)
