"""Every internal link from the home page, two levels deep, leads somewhere: the target answers
200 (after the host's own redirects) and a `#fragment` names an element there (checks.Crawl)."""
from checks import Crawl
from conftest import explain


def test_internal_links_two_levels_deep(server, findings):
    crawl = Crawl(server.base)
    problems = crawl.problems(server.url("/"), depth=2)
    assert len(crawl.checked) > 50, f"only {len(crawl.checked)} links: is the crawl reading pages?"
    print(f"{len(crawl.checked)} internal links checked on {len(crawl.outlines)} pages; external "
          f"hosts not followed: {', '.join(sorted(crawl.external)) or 'none'}")
    assert not findings.add("links", None, problems), explain(problems)
