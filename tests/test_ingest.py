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
    # GMT is an offset the feed states: it is kept (feedparser's struct would drop it)
    assert arts[0].published == "2017-02-16T10:00:00+00:00" and arts[0].outlet == "وكالة الأنباء"
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


# --- QA defects (issue #2): each test failed before its fix -----------------------
SECOND = "وقال المتحدث باسم الخارجية الروسية إن موسكو ترحب بمشاركة الأردن بصفة مراقب في الاجتماع."
PAGE_BODY = f"<article><h1>محادثات أستانة</h1><p>{AR}</p><p>{SECOND}</p></article>"


def _page(head: str = "", tail: str = "") -> str:
    return f"<html><head><title>محادثات أستانة</title>{head}</head><body>{PAGE_BODY}{tail}</body></html>"


@pytest.mark.parametrize("name,data", [
    ("stray.txt", AR.encode() + b" \xff " + SECOND.encode()),  # one stray byte
    ("cut.txt", (AR + "\n" + SECOND.rstrip(".")).encode()[:-1]),  # last letter cut in half
    ("stray.html", _page().replace("</h1>", "</h1>\x00").encode().replace(b"\x00", b"\xc0")),
])
def test_a_few_invalid_bytes_keep_the_document_with_a_warning(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    arts, probs = read([tmp_path])
    assert len(arts) == 1 and "الحكومة السورية" in arts[0].text  # UTF-8, not cp1256 mojibake
    assert arts[0].meta["encoding"] == "utf-8" and arts[0].meta["replaced_bytes"] == 1
    assert [p.kind for p in probs] == ["warning"] and "1 invalid byte" in probs[0].reason


def test_one_latin1_byte_in_a_mostly_ascii_file_is_replaced_not_fatal(tmp_path):
    report = "Reuters reported from Astana that the talks would resume on Thursday. " * 5
    (tmp_path / "en.txt").write_bytes(report.encode() + b"Caf\xe9 in Astana.")
    arts, probs = read([tmp_path])
    assert arts[0].meta["replaced_bytes"] == 1 and arts[0].text.startswith(report) and probs[0].kind == "warning"


def test_mostly_invalid_utf8_that_is_windows_1256_is_not_replaced(tmp_path):
    (tmp_path / "legacy.html").write_bytes(_page('<meta charset="utf-8">').encode("windows-1256"))
    arts, probs = read([tmp_path])
    assert arts[0].meta["encoding"] == "windows-1256" and "\ufffd" not in arts[0].text and not probs


@pytest.mark.parametrize("head,tail", [
    ("", "<footer>© 2017 جميع الحقوق محفوظة</footer>"),  # copyright year only
    ("", "<p>التقرير السنوي لعام 2016</p>"),  # a year in the text
    ('<meta name="date" content="2017-02">', ""),  # month only: htmldate fills in today's day
    ('<link rel="canonical" href="http://news.example/2017/02/talks.html">', ""),  # month in the URL
])
def test_html_partial_dates_are_not_invented(tmp_path, head, tail):
    (tmp_path / "p.html").write_text(_page(head, tail), encoding="utf-8")
    arts, _ = read([tmp_path])
    assert arts[0].published is None
    assert arts[0].meta["published_partial"][:4] in ("2016", "2017")


@pytest.mark.parametrize("head,tail", [
    ('<meta property="article:published_time" content="2017-02-16T10:00:00+03:00">', ""),
    ("", '<time datetime="2017-02-16">16 فبراير</time>'),
    ('<link rel="canonical" href="http://news.example/2017/02/16/talks.html">', ""),
    ("", "<p>نشر بتاريخ 16/02/2017</p>"),
])
def test_html_full_dates_the_page_states_are_kept(tmp_path, head, tail):
    (tmp_path / "p.html").write_text(_page(head, tail), encoding="utf-8")
    arts, _ = read([tmp_path])
    assert arts[0].published == "2017-02-16"


def test_feed_dates_keep_their_offset_and_agree_with_jsonl(tmp_path):
    feed = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>سانا</title>
    <item><link>http://x/1</link><pubDate>Thu, 16 Feb 2017 10:00:00 +0300</pubDate>
      <description>{AR}</description></item>
    <item><link>http://x/2</link><pubDate>Thu, 16 Feb 2017 23:30:00 -0500</pubDate>
      <description>{SECOND}</description></item>
    </channel></rss>"""
    (tmp_path / "f.rss").write_text(feed, encoding="utf-8")
    atom = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><id>a1</id><title>x</title><updated>2017-02-16T10:00:00+03:00</updated>
      <summary>{AR}</summary></entry></feed>"""
    (tmp_path / "g.atom").write_text(atom, encoding="utf-8")
    (tmp_path / "h.jsonl").write_text(json.dumps({"text": AR, "date": "2017-02-16T10:00:00+03:00"}), encoding="utf-8")
    arts, _ = read([tmp_path / "f.rss", tmp_path / "g.atom", tmp_path / "h.jsonl"])
    assert [a.published for a in arts] == ["2017-02-16T10:00:00+03:00", "2017-02-16T23:30:00-05:00",
                                           "2017-02-16T10:00:00+03:00", "2017-02-16T10:00:00+03:00"]


def _warc(tmp_path, records):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, status, page in records:
        headers = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url, "response", payload=io.BytesIO(page.encode()), http_headers=headers,
                                        warc_headers_dict={"WARC-Date": "2020-05-01T12:00:00Z"})
        writer.write_record(rec)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buf.getvalue())
    return path


def test_warc_skips_non_2xx_and_does_not_take_crawl_time_as_published(tmp_path):
    path = _warc(tmp_path, [("http://n/ok", "200 OK", _page()), ("http://n/gone", "404 Not Found", _page()),
                            ("http://n/moved", "301 Moved Permanently", _page()),
                            ("http://n/err", "500 Internal Server Error", _page())])
    arts, probs = read([path])
    assert [a.url for a in arts] == ["http://n/ok"]
    assert arts[0].published is None and arts[0].meta["crawled"] == "2020-05-01T12:00:00+00:00"
    assert [p.kind for p in probs] == ["skipped"] * 3
    assert ["404" in probs[0].reason, "301" in probs[1].reason, "500" in probs[2].reason] == [True] * 3


def test_jsonl_entities_are_unescaped_and_odd_field_types_coerced(tmp_path):
    recs = [
        {"id": 42, "title": "بيان &quot;الخارجية&quot; &amp; الدفاع", "text": AR + " &quot;أستانة&quot;"},
        {"id": 7.0, "text": [AR, SECOND], "title": 2017, "source": ["سانا"]},
        {"text": {"ar": AR}},
        {"text": 12345},
        {"text": AR, "url": {"href": "http://x"}, "date": [2017, 2, 16], "author": {"name": "مراسل"}},
    ]
    (tmp_path / "r.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8")
    arts, probs = read([tmp_path])
    assert arts[0].id == "42" and arts[0].title == 'بيان "الخارجية" & الدفاع' and arts[0].text.endswith('"أستانة"')
    assert arts[1].id == "7" and arts[1].text == AR + "\n\n" + SECOND and arts[1].title == "2017"
    assert arts[1].outlet == "سانا"
    assert len(arts) == 3 and arts[2].url is None and arts[2].published is None and arts[2].author == "مراسل"
    for a in arts:
        assert all(v is None or isinstance(v, str) for v in (a.id, a.text, a.title, a.url, a.outlet, a.published))
    skipped = [p for p in probs if p.kind == "skipped"]
    assert [p.location for p in skipped] == ["line 3", "line 4"]
    assert "object" in skipped[0].reason and "number" in skipped[1].reason
    warned = {p.reason.split(" ")[1] for p in probs if p.kind == "warning"}  # "field url ..." -> "url"
    assert warned == {"url", "published"}


def test_markdown_links_and_images_are_reduced_to_their_text(tmp_path):
    md = (f"# محادثات أستانة\n\n![صورة الوفد](http://img.example/a.jpg)\n\n{AR} وفق [وكالة سانا](http://sana.sy/a_(b) "
          f'"سانا") و[رويترز][r].\n\n[r]: http://reuters.com/x\n')
    (tmp_path / "a.md").write_text(md, encoding="utf-8")
    (tmp_path / "b.txt").write_text("[وكالة سانا](http://sana.sy)", encoding="utf-8")
    arts, _ = read([tmp_path])
    md_art, txt_art = arts
    assert "وفق وكالة سانا ورويترز." in md_art.text
    assert "](" not in md_art.text and "http" not in md_art.text and "![" not in md_art.text
    assert {"text": "وكالة سانا", "url": "http://sana.sy/a_(b)"} in md_art.meta["links"]
    assert md_art.meta["images"] == [{"alt": "صورة الوفد", "url": "http://img.example/a.jpg"}]
    assert txt_art.text == "[وكالة سانا](http://sana.sy)"  # plain text is not Markdown


@pytest.mark.parametrize("bad", ["2015-13-45", "yesterday-ish", "yesterday", "2017"])
def test_bad_user_dates_are_reported_and_left_null(tmp_path, bad):
    (tmp_path / "a.txt").write_text(AR, encoding="utf-8")
    arts, probs = read([tmp_path], published=bad)
    assert arts[0].published is None
    assert [p.kind for p in probs] == ["warning"] and bad in probs[0].reason
    (tmp_path / "a.txt.meta.json").write_text(json.dumps({"published": bad}), encoding="utf-8")
    arts, probs = read([tmp_path])
    assert arts[0].published is None and [p.kind for p in probs] == ["warning"]
    assert probs[0].source.endswith("a.txt.meta.json")


def test_good_user_date_and_broken_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text("{not json", encoding="utf-8")
    arts, probs = read([tmp_path], published="2017-02-16")
    assert arts[0].published == "2017-02-16"
    assert [p.kind for p in probs] == ["warning"] and "JSON" in probs[0].reason


def test_truncated_gzip_keeps_what_was_recovered(tmp_path):
    lines = "\n".join(json.dumps({"id": i, "text": f"{AR} {i}"}, ensure_ascii=False) for i in range(200))
    data = gzip.compress(lines.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    arts, probs = read([tmp_path])
    assert 0 < len(arts) < 200 and [a.id for a in arts] == [str(i) for i in range(len(arts))]
    assert probs[0].kind == "warning" and "truncated" in probs[0].reason


def test_every_format_reads_the_same_twice(tmp_path):
    (tmp_path / "a.txt").write_bytes(AR.encode() + b"\xff")
    (tmp_path / "b.md").write_text(f"[{AR}](http://x)", encoding="utf-8")
    (tmp_path / "c.html").write_text(_page(), encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(json.dumps({"text": AR}), encoding="utf-8")
    (tmp_path / "e.rss").write_text(f"<rss><channel><item><description>{AR}</description></item></channel></rss>",
                                    encoding="utf-8")
    _warc(tmp_path, [("http://n/ok", "200 OK", _page())])
    (tmp_path / "empty.txt").write_bytes(b"")

    def snapshot():
        arts, probs = read([tmp_path])
        return [(a.id, a.text, a.published, a.meta) for a in arts], [p.as_dict() for p in probs]

    first = snapshot()
    assert len(first[0]) == 6 and first == snapshot()


def test_pretty_printed_json_object_files(tmp_path):
    wrapped = {"articles": [{"text": AR, "id": "w1"}, {"text": SECOND, "id": "w2"}]}
    (tmp_path / "a.json").write_text(json.dumps(wrapped, ensure_ascii=False, indent=2), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"text": AR, "id": "one"}, ensure_ascii=False, indent=2),
                                     encoding="utf-8")
    arts, probs = read([tmp_path])
    assert [a.id for a in arts] == ["w1", "w2", "one"] and not probs


def test_utf8_page_that_declares_windows_1256_is_read_as_utf8(tmp_path):
    (tmp_path / "p.html").write_text(_page('<meta charset="windows-1256">'), encoding="utf-8")
    arts, probs = read([tmp_path])
    assert "الحكومة السورية" in arts[0].text and arts[0].meta["encoding"] == "utf-8"


def test_text_starting_with_a_bracket_is_not_json(tmp_path):
    (tmp_path / "a.txt").write_text("[عاجل] " + AR, encoding="utf-8")
    arts, probs = read([tmp_path])
    assert arts[0].format == "text" and arts[0].text.startswith("[عاجل]") and not probs


def test_jsonl_line_with_a_stray_byte_is_kept_with_a_warning(tmp_path):
    good = json.dumps({"id": "a", "text": AR}, ensure_ascii=False).encode()
    damaged = json.dumps({"id": "b", "text": SECOND}, ensure_ascii=False).encode().replace("المتحدث".encode(),
                                                                                          "المتحدث".encode() + b"\xff")
    (tmp_path / "x.jsonl").write_bytes(good + b"\n" + damaged)
    arts, probs = read([tmp_path])
    assert [a.id for a in arts] == ["a", "b"] and "\ufffd" in arts[1].text
    assert [(p.kind, p.location) for p in probs] == [("warning", "line 2")]


@pytest.mark.parametrize("page,published,partial", [
    ("<p>دمشق - ١٦ شباط/فبراير ٢٠١٧ (سانا)</p>", "2017-02-16", None),  # Arabic-Indic digits, two month names
    ("<span>February 16, 2017</span>", "2017-02-16", None),
    ("<a href='/news/20170216/talks'>x</a>", "2017-02-16", None),
    ("<p>في 16 فبراير من عام 2017</p>", "2017-02-16", None),
    ("<p>في 16 فبراير الماضي أعلنت الحكومة السورية خطة تمتد حتى عام 2017</p>", None, "2017"),  # two mentions
    ("<p>فبراير 2017</p>", None, "2017-02"),
])
def test_stated_date_needs_day_month_and_year_written_together(page, published, partial):
    from rasid.ingest.htmldates import stated_date

    found = stated_date("2017-02-16", page)
    assert (found.published, found.partial) == (published, partial)
