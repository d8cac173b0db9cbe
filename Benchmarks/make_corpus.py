#!/usr/bin/env python3
"""Deterministic benchmark corpus for Showcase, and the same Markdown as a minimal Hugo site.

    python3 Benchmarks/make_corpus.py --articles 1000 --out .bench/corpus-1000 [--seed 42]

writes
    OUT/showcase/{content,templates}   a Showcase site folder (site.yaml, data/, pages/ and static/
                                       from the sample site; templates/ from the repository)
    OUT/hugo/{hugo.toml,content,layouts,static}
                                       the same bodies with Hugo front matter (title, date, tags,
                                       everything else under params) and layouts doing what
                                       Showcase's theme does

N articles, N/10 organizations, N/20 events, N/5 projects. Bodies are 3–6 KB of Chinese Markdown
with headings, paragraphs, lists, emphasis, block quotes and root-relative links to other entries.
The same seed always gives byte-identical files.
"""
import argparse
import os
import random
import re
import shutil
from datetime import date, datetime, timedelta

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TAGS = ["家庭", "社工", "志愿者", "联动", "亲子", "阅读", "心理健康", "助老", "青少年", "公益创投",
        "小区服务", "微创投", "妇女发展", "儿童", "家庭教育", "婚姻家庭", "困难帮扶", "单亲母亲", "留守儿童", "新市民",
        "社区", "培训", "两岸交流", "嘉年华", "市集", "手工", "健康", "法律援助", "就业创业", "巾帼志愿",
        "文明家庭", "家风", "反家暴", "托育", "课后服务", "银龄", "心理援助", "公益联盟", "能力建设", "品牌项目"]
DOMAINS = ["youth", "family-education", "hardship", "elderly", "mental-health", "women-development"]
TOWNS = ["玉山镇", "周市镇", "陆家镇", "花桥", "张浦镇", "千灯镇", "淀山湖镇", "锦溪镇", "周庄镇", "巴城镇", "开发区", "高新区"]
THEMES = ["家庭服务", "亲子阅读", "心理辅导", "助老服务", "青少年成长", "儿童康复", "婚姻家庭指导", "妇女维权",
          "巾帼志愿", "手工技艺", "新市民融入", "课后托管", "银龄关爱", "单亲母亲互助", "家庭教育研究", "社区互助"]
ORG_TYPES = ["服务中心", "协会", "服务社", "工作室", "互助会", "促进会", "研究会", "志愿服务队"]
ORG_WORDS = ["family", "reading", "mind", "elder", "youth", "rehab", "marriage", "rights", "volunteer", "craft",
             "migrant", "after-school", "silver", "mothers", "parenting", "neighbour"]
SUPERVISORS = ["昆山市妇女联合会"] * 5 + ["昆山市民政局", "昆山市卫生局", "昆山市教育局"]
SERVICES = ["家庭个案辅导", "亲子关系与家庭教育指导", "困难家庭援助与资源链接", "社区家庭支持小组", "家庭社工人才培养",
            "老人上门探访", "青少年心理咨询", "课后作业辅导", "妇女技能培训", "法律咨询", "手工编织义卖", "绘本共读"]
COLUMNS = ["妇儿之窗", "工作动态", "组织风采"]
AUTHORS = ["市妇联宣传部", "市妇联组织部", "市妇女社会组织服务中心", "本网通讯员", "《昆山日报》记者"]
EVENT_KINDS = ["嘉年华", "市集", "培训", "交流", "讲座", "展示"]
PROGRAMS = [("公益创投", "vp"), ("小区公益服务购买", "cp"), ("微创投", "mv")]
PROGRAMME_ITEMS = ["开幕式", "主题论坛", "项目展示", "经验交流", "互动体验", "专家讲座", "分组讨论", "闭幕式", "志愿者表彰"]
STALL_OFFERS = ["手工编织义卖", "亲子绘本共读", "心理健康咨询", "法律知识问答", "少儿才艺展示", "家庭教育测评", "老人健康义诊"]
LOCATIONS = ["昆山市文化艺术中心广场", "昆山市妇女儿童活动中心", "亭林公园", "各社区妇女之家", "昆山市图书馆报告厅", "市民服务中心"]
LOGOS = ["/images/logos/fsc.svg", "/images/logos/alliance.svg", "/images/logos/guidance-center.svg",
         "/images/logos/heart-harbor.svg", "/images/logos/silver-age.svg"]
COVERS = ["/images/events/carnival.svg", "/images/events/market.svg"]

HEADINGS = ["项目缘起", "三支力量，各展所长", "一个例子", "经验与思考", "服务对象的变化", "下一步打算", "社区的声音",
            "专业支撑", "志愿者的故事", "数字背后", "困难与对策", "联动机制", "成效初显", "家长们怎么说", "走进社区"]
SENTENCES = [
    "在昆山，妇女社会组织的服务有一个共同的特点：妇工、社工和义工联动",
    "这种工作方式，是妇联在培育妇女社会组织过程中逐步摸索出来的",
    "社区妇女干部在入户走访中发现需求，再把情况转介给专业机构",
    "社工上门评估后制订了服务计划，链接医疗救助、申请临时援助、安排心理辅导",
    "志愿者每周陪孩子学习，半年后这个家庭的生活逐渐回到正轨",
    "项目以家庭为单位开展服务，既提供个案辅导，也在社区开设家长课堂和互助小组",
    "妇联的组织网络是联动的基础，让服务能够覆盖到每个社区",
    "专业社工保证了服务的质量，避免“好心办坏事”",
    "志愿者的参与，让服务更有温度，也降低了成本",
    "参加活动的家长普遍反映，孩子变得更愿意表达，亲子之间的沟通也多了起来",
    "项目实施以来，累计开展小组活动数十场，服务人次稳步增长",
    "组织负责人表示，下一步将把成熟的做法整理成手册，供更多社区借鉴",
    "在公益创投的支持下，这家草根组织完成了登记注册，走上了专业化发展的道路",
    "活动现场，各家社会组织摆开摊位，展示近年来的服务成果",
    "两岸妇女公益组织围绕家庭支持与社区服务开展交流，气氛热烈",
    "老人们说，有人上门聊聊天、量量血压，日子过得踏实多了",
    "针对新市民家庭的需要，项目开设了周末课堂和暑期托管班",
    "培训课程涵盖需求评估、项目设计、财务管理和成效评估等内容",
    "妇联通过购买服务的方式，把适合社会组织承担的工作交给专业力量",
    "评审专家对项目的可持续性和社区参与度给予了较高评价",
    "热线开通以来，接听求助电话数百个，为来电者提供心理疏导和法律咨询",
    "孩子们在绘本阅读中认识了自己的情绪，也学会了倾听别人",
    "单亲母亲互助小组每月聚会一次，大家分享经验，互相打气",
    "社区里的手工姐妹把编织作品拿到市集义卖，所得全部捐给困难家庭",
    "服务结束时，社工与每个家庭一起回顾目标，评估变化",
    "这些做法被写入了全市妇女社会组织培育发展的工作方案",
]
QUOTES = [
    "有了社工，我们发现问题后知道该找谁；有了义工，服务能坚持下去。——一位社区妇女干部",
    "以前总觉得求助是丢人的事，现在明白了，开口求助也是一种勇气。——一位服务对象",
    "做公益不是一时的热情，而是一份长期的坚持。——一位志愿者",
    "妇联搭台，社会组织唱戏，受益的是千家万户。——一位评审专家",
]


def quote_yaml(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(items):
    return "[" + ", ".join(items) + "]"


class Corpus:
    def __init__(self, articles, seed):
        self.rng = random.Random(seed)
        self.n_articles = articles
        self.orgs, self.events, self.projects, self.articles = [], [], [], []
        self.editions = False

    # ---------- entries ----------
    def make(self):
        r = self.rng
        n_orgs, n_events, n_projects = max(4, self.n_articles // 10), max(1, self.n_articles // 20), max(1, self.n_articles // 5)
        names = set()
        for i in range(n_orgs):
            t = r.randrange(len(THEMES))
            name = "昆山市" + r.choice(TOWNS) + THEMES[t] + r.choice(ORG_TYPES)
            if name in names:
                name += f"（第{i + 1}分会）"
            names.add(name)
            kind = r.choices(["registered", "grassroots", "hub"], weights=[6, 3, 1])[0]
            self.orgs.append(dict(slug=f"kunshan-{ORG_WORDS[t]}-{i + 1:05d}", name=name, kind=kind,
                                  domain=r.choice(DOMAINS), tags=r.sample(TAGS, r.randint(1, 3)),
                                  alliance=r.random() < 0.3, featured=i < 4))
        for i in range(n_events):
            kind = r.choice(EVENT_KINDS)
            start = datetime(2010, 1, 1, 9, 0) + timedelta(days=r.randrange(16 * 365), hours=r.choice([0, 1, 5]))
            self.events.append(dict(slug=f"event-{start.year}-{i + 1:05d}", kind=kind, start=start,
                                    title=f"{start.year}年{r.choice(TOWNS)}妇女公益{kind}（第{i + 1}场）",
                                    organizers=self.some_orgs(1, 2), participants=self.some_orgs(0, 6),
                                    tags=r.sample(TAGS, r.randint(1, 3))))
        for i in range(n_projects):
            program, prefix = r.choice(PROGRAMS)
            year = r.randint(2010, 2025)
            self.projects.append(dict(slug=f"{prefix}-{year}-{i + 1:05d}", program=program, year=year,
                                      title=f"{r.choice(TOWNS)}{r.choice(THEMES)}行动（{i + 1}）", organization=r.choice(self.orgs)["slug"]))
        for i in range(self.n_articles):
            d = date(2010, 1, 1) + timedelta(days=r.randrange(16 * 365))
            self.articles.append(dict(slug=f"article-{d.year}-{i + 1:06d}", date=d, column=r.choice(COLUMNS),
                                      title=f"{r.choice(THEMES)}：{r.choice(HEADINGS)}（{i + 1}）",
                                      tags=r.sample(TAGS, r.randint(1, 4)), organizations=self.some_orgs(1, 3)))

    def some_orgs(self, lo, hi):
        return [o["slug"] for o in self.rng.sample(self.orgs, self.rng.randint(lo, min(hi, len(self.orgs))))]

    # ---------- bodies ----------
    def link(self):
        r = self.rng
        x = r.random()
        if x < 0.5:
            o = r.choice(self.orgs)
            return f"[{o['name']}](/organizations/{o['slug']}/)"
        if x < 0.7:
            e = r.choice(self.events)
            return f"[{e['title']}](/events/{e['slug']}/)"
        if x < 0.85:
            p = r.choice(self.projects)
            return f"[{p['title']}](/projects/{p['slug']}/)"
        a = r.choice(self.articles)
        return f"[{a['title']}](/articles/{a['slug']}/)"

    def sentence(self, mentions):
        r = self.rng
        s = r.choice(SENTENCES)
        x = r.random()
        if x < 0.15:
            s = f"**{s}**"
        elif x < 0.25:
            words = s.split("，")
            words[0] = f"*{words[0]}*"
            s = "，".join(words)
        elif x < 0.45:
            who = mentions.pop() if mentions else self.link()
            s = r.choice(["据{}介绍，", "{}的负责人说，", "在{}，", "{}的社工介绍，"]).format(who) + s
        return s + r.choice(["。", "。", "。", "；", "！"])

    def paragraph(self, mentions):
        text = "".join(self.sentence(mentions) for _ in range(self.rng.randint(3, 6)))
        return text[:-1] + "。" if text.endswith("；") else text

    def body(self, mentions, more=False):
        r = self.rng
        target = r.randint(3000, 6000) - 200
        blocks = [self.paragraph(mentions)]
        if more:
            blocks.append("<!--more-->")
        size = len(blocks[0].encode())
        while size < target:
            x = r.random()
            if x < 0.18:
                b = "## " + r.choice(HEADINGS)
            elif x < 0.3:
                marker = r.choice(["-", "1."])
                b = "\n".join(f"{marker} " + self.sentence(mentions).rstrip("。；！") + "；" for _ in range(r.randint(3, 5)))
            elif x < 0.38:
                b = "> " + r.choice(QUOTES)
            else:
                b = self.paragraph(mentions)
            blocks.append(b)
            size += len(b.encode()) + 2
        blocks.append("> 示例数据：本文为基准测试自动生成的示意内容。")
        return "\n\n".join(blocks) + "\n"

    def scale_program_totals(self, path):
        """The sample's citywide totals are smaller than the generated projects they cover, which
        Showcase refuses (a share over 100 %): each such total becomes five times its projects."""
        items = open(path, encoding="utf-8").read().split("\n- ")
        out = []
        for item in items:
            fields = dict(re.findall(r"^\s*-?\s*(\w+): (.*)$", item, re.M))
            if "total_projects" in fields:
                lo, hi = int(fields["year_from"]), int(fields.get("year_to", fields["year_from"]))
                covered = sum(1 for p in self.projects if p["program"] == fields["program"]
                              and (f"{p['year']}年" == fields["round"] if "round" in fields else lo <= p["year"] <= hi))
                if covered > int(fields["total_projects"]):
                    item = re.sub(r"total_projects: \d+", f"total_projects: {covered * 5}", item)
            out.append(item)
        open(path, "w", encoding="utf-8").write("\n- ".join(out))

    # ---------- files ----------
    def write(self, out):
        sc, hg = os.path.join(out, "showcase"), os.path.join(out, "hugo")
        for d in (sc, hg):
            if os.path.exists(d):
                shutil.rmtree(d)
        content = os.path.join(sc, "content")
        for sub in ("data", "static"):
            shutil.copytree(os.path.join(REPO, "content", sub), os.path.join(content, sub))
        shutil.copy(os.path.join(REPO, "content", "site.yaml"), content)
        if not self.editions:
            drop_editions(os.path.join(content, "site.yaml"))
        self.scale_program_totals(os.path.join(content, "data", "programs.yaml"))
        shutil.copytree(os.path.join(REPO, "templates"), os.path.join(sc, "templates"))
        write_hugo_scaffold(hg)
        # The sample pages link sample organizations; point those links at generated ones.
        known = {o["slug"] for o in self.orgs}
        for f in sorted(os.listdir(os.path.join(REPO, "content", "pages"))):
            text = open(os.path.join(REPO, "content", "pages", f), encoding="utf-8").read()
            text = re.sub(r"/organizations/([a-z0-9-]+)/",
                          lambda m: m.group(0) if m.group(1) in known else f"/organizations/{self.orgs[0]['slug']}/", text)
            put(os.path.join(sc, "content", "pages", f), text)
            put(os.path.join(hg, "content", f), text)
        r = self.rng

        for o in self.orgs:
            fm = [f"name: {o['name']}", f"kind: {o['kind']}", f"domain: {o['domain']}"]
            reg = date(2008, 1, 1) + timedelta(days=r.randrange(16 * 365))
            if o["kind"] == "registered":
                fm.append(f"registered: {reg.isoformat()}")
            fm.append(f"supervisor: {r.choice(SUPERVISORS)}")
            if o["alliance"]:
                fm += ["alliance_member: true", f"alliance_since: {date(2014, 5, 20) + timedelta(days=r.randrange(3000))}"]
            if o["featured"]:
                fm.append("featured: true")
            fm.append("services:")
            fm += [f"  - {s}" for s in r.sample(SERVICES, r.randint(2, 5))]
            n = int(o["slug"][-5:])
            fm += ["contact:", f"  address: 昆山市示例路{n}号（示例地址）", f"  phone: 0512-5{n:07d}",
                   f"  website: https://example.org/{o['slug']}", f"  wechat: ks-{n}"]
            fm.append(f"tags: {flow(o['tags'])}")
            if r.random() < 0.3:
                fm.append(f"logo: {r.choice(LOGOS)}")
            body = self.body([])
            self.emit(sc, hg, "organizations", o["slug"], fm, body, o["name"], reg.isoformat(), o["tags"])

        for e in self.events:
            start, end = e["start"], e["start"] + timedelta(hours=r.choice([2, 3, 7]))
            fm = [f"title: {e['title']}", f"start: {start:%Y-%m-%d %H:%M}", f"end: {end:%Y-%m-%d %H:%M}",
                  f"location: {r.choice(LOCATIONS)}（示例）", f"kind: {e['kind']}", f"organizers: {flow(e['organizers'])}"]
            if e["participants"]:
                fm.append(f"participants: {flow(e['participants'])}")
            fm.append(f"tags: {flow(e['tags'])}")
            if r.random() < 0.4:
                fm.append(f"cover: {r.choice(COVERS)}")
            fm.append("programme:")
            t = start
            for item in r.sample(PROGRAMME_ITEMS, r.randint(2, 5)):
                fm += [f"  - time: {quote_yaml(f'{t:%H:%M}')}", f"    item: {item}"]
                t += timedelta(minutes=r.choice([30, 60, 90]))
            if e["kind"] in ("市集", "嘉年华"):
                fm.append("stalls:")
                for org in e["organizers"] + e["participants"][:3]:
                    fm += [f"  - organization: {org}", f"    offer: {r.choice(STALL_OFFERS)}"]
            mentions = [f"[{self.org_name(s)}](/organizations/{s}/)" for s in e["organizers"]]
            body = self.body(mentions)
            self.emit(sc, hg, "events", e["slug"], fm, body, e["title"], f"{start:%Y-%m-%dT%H:%M:00}+08:00", e["tags"])

        for p in self.projects:
            fm = [f"title: {p['title']}", f"organization: {p['organization']}", f"program: {p['program']}",
                  f"round: {p['year']}年", f"year: {p['year']}", f"funding: {r.randint(5000, 300000)}.{r.randint(0, 99):02d}",
                  f"beneficiaries: {r.randint(20, 8000)}", f"domain: {r.choice(DOMAINS)}",
                  f"status: {'实施中' if p['year'] >= 2025 else '已结项'}"]
            mentions = [f"[{self.org_name(p['organization'])}](/organizations/{p['organization']}/)"]
            body = self.body(mentions)
            self.emit(sc, hg, "projects", p["slug"], fm, body, p["title"], f"{p['year']}-01-01", [])

        for i, a in enumerate(self.articles):
            fm = [f"title: {a['title']}", f"date: {a['date'].isoformat()}", f"author: {r.choice(AUTHORS)}", f"column: {a['column']}"]
            if a["column"] == "妇儿之窗":
                fm.append(f"issue: {i + 1}")
            fm += [f"tags: {flow(a['tags'])}", f"organizations: {flow(a['organizations'])}"]
            if r.random() < 0.2:
                fm.append("summary: 本文介绍了昆山市妇女社会组织在社区服务中的探索与经验。")
            mentions = [f"[{self.org_name(s)}](/organizations/{s}/)" for s in a["organizations"]]
            body = self.body(mentions, more=r.random() < 0.5)
            self.emit(sc, hg, "articles", a["slug"], fm, body, a["title"], a["date"].isoformat(), a["tags"])

    def org_name(self, slug):
        if not hasattr(self, "_names"):
            self._names = {o["slug"]: o["name"] for o in self.orgs}
        return self._names[slug]

    @staticmethod
    def emit(sc, hg, section, slug, fm, body, title, hugo_date, tags):
        put(os.path.join(sc, "content", section, slug + ".md"), "---\n" + "\n".join(fm) + "\n---\n\n" + body)
        # Hugo: its own keys at the top, the rest of ours under params (Hugo reserves e.g. `kind`).
        params = [l for l in fm if not l.startswith(("title:", "date:", "tags:", "summary:"))]
        head = [f"title: {title}", f"date: {hugo_date}"]
        if tags:
            head.append(f"tags: {flow(tags)}")
        head += [l for l in fm if l.startswith("summary:")]
        head.append("params:")
        head += ["  " + l for l in params]
        put(os.path.join(hg, "content", section, slug + ".md"), "---\n" + "\n".join(head) + "\n---\n\n" + body)


def put(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# Showcase's menu (content/site.yaml), as Hugo menu entries: name, link, section identifier.
HUGO_MENU = [("首页", 'pageRef = "/"', None), ("社会组织", 'pageRef = "/organizations"', "organizations"),
             ("活动", 'pageRef = "/events"', "events"), ("文章", 'pageRef = "/articles"', "articles"),
             ("公益项目", 'pageRef = "/projects"', "projects"), ("数据统计", 'url = "/statistics/"', None),
             ("关于我们", 'pageRef = "/about"', None)]


def write_hugo_scaffold(hg):
    """A minimal Hugo site doing what Showcase's theme does, written the way a Hugo user would.

    Layouts: a base layout (head with canonical and Open Graph tags, a header whose menu marks the
    current section, a footer); section lists paginated by 20 whose pager links the first and last
    pages and two either side of the current one (as Showcase's pagination partial); single pages with body, reading time, organizations, tags and
    prev/next in section; a tag index with counts; tag pages whose articles are paginated by 20,
    with the tag's events and organizations on the first page only (as Showcase does); a home page
    with the latest articles and events. Every list shows each entry as a card with its summary.
    Sections and the tag index get `_index.md` files for their Chinese titles. RSS (home, sections;
    20 items), sitemap and robots.txt are on; pager aliases (`page/1/`) are off, as Showcase writes
    none.

    Written for Hugo's costs: the menu is a site menu (`[menus]` plus `sectionPagesMenu`) marked
    with IsMenuCurrent/HasMenuCurrent; the footer, the same on every page, is a `partialCached`;
    a tag page filters its articles once (`.Store`), not again on each of its pager pages. An
    earlier version listed the menu with `range site.Sections` in baseof, and in Hugo 0.168 that
    walks the whole page tree on every call: each page cost O(N), and the build took 55 s, 105 s
    of CPU and 1.6 GB at 10,000 articles, 34x the 1,000-article build. Without it about 30 s of
    CPU, about 12x. (`partialCached` for the cards was tried: at 10,000 articles Hugo's partial
    cache answered 936 of 41,583 card calls, so it saved nothing there.)

    Still lighter than Showcase's theme: no related articles on single pages, no per-column or
    per-year facets (nor their pages) on the article list, no JSON-LD. `.Related` over a tags index
    (includeNewer, first 5) measured with the menu already fixed: +75 s of CPU at 10,000 articles
    (34 s without), so it stays out. Any bias favours Hugo."""
    put(os.path.join(hg, "hugo.toml"), """baseURL = "https://example.org/"
locale = "zh-CN"
title = "昆山市妇女社会组织展示平台"
hasCJKLanguage = true
enableRobotsTXT = true
sectionPagesMenu = "main"
[params]
  federation = "昆山市妇女联合会"
  address = "江苏省昆山市示例路1号（示例地址）"
  phone = "0512-50000000"
  email = "contact@example.org"
[pagination]
  pagerSize = 20
  disableAliases = true
[taxonomies]
  tag = "tags"
[outputs]
  home = ["html", "rss"]
  section = ["html", "rss"]
  taxonomy = ["html"]
  term = ["html"]
[services.rss]
  limit = 20
[markup.goldmark.renderer]
  unsafe = false
"""
        + "".join(
            f'[[menus.main]]\n  name = "{name}"\n  {ref}\n' + (f'  identifier = "{ident}"\n' if ident else "") + f"  weight = {w}\n"
            for w, (name, ref, ident) in enumerate(HUGO_MENU, 1)))
    shutil.copytree(os.path.join(REPO, "templates", "static"), os.path.join(hg, "static"))
    # Section and taxonomy titles, as Showcase's headings (Hugo would otherwise say "Articles").
    for section, title in [("organizations", "社会组织"), ("events", "活动"), ("articles", "文章"),
                           ("projects", "公益项目"), ("tags", "标签")]:
        put(os.path.join(hg, "content", section, "_index.md"), f"---\ntitle: {title}\n---\n")
    L = os.path.join(hg, "layouts")
    put(os.path.join(L, "baseof.html"), """<!DOCTYPE html>
<html lang="{{ site.Language.Locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
{{- $description := .Description | default site.Title }}
<meta name="description" content="{{ $description }}">
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:description" content="{{ $description }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:locale" content="zh_CN">
<link rel="stylesheet" href="{{ "assets/site.css" | relURL }}">
{{ with site.Home.OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<a class="skip-link" href="#main">跳到正文</a>
{{ partial "header.html" . }}
<main id="main" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
{{ partialCached "footer.html" . }}
</body>
</html>
""")
    put(os.path.join(L, "_partials", "header.html"), """<header class="site-header">
  <div class="wrap">
    <a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
    <nav aria-label="主菜单">
      <ul class="menu">
        {{ range site.Menus.main }}<li><a href="{{ .URL }}"{{ if or ($.IsMenuCurrent .Menu .) ($.HasMenuCurrent .Menu .) }} aria-current="page"{{ end }}>{{ .Name }}</a></li>{{ end }}
      </ul>
    </nav>
  </div>
</header>
""")
    put(os.path.join(L, "_partials", "footer.html"), """<footer class="site-footer">
  <div class="wrap">
    <p><strong>{{ site.Params.federation }}</strong></p>
    <address>
      {{ with site.Params.address }}<span>地址：{{ . }}</span>{{ end }}
      {{ with site.Params.phone }}<span>电话：{{ . }}</span>{{ end }}
      {{ with site.Params.email }}<span><a href="mailto:{{ . }}">{{ . }}</a></span>{{ end }}
    </address>
    <p><a href="{{ "/index.xml" | relURL }}">订阅（RSS）</a> · <a href="{{ "/tags/" | relURL }}">全部标签</a> · <a href="{{ "/sitemap.xml" | relURL }}">网站地图</a></p>
  </div>
</footer>
""")
    put(os.path.join(L, "_partials", "card.html"), """<article class="card">
  <h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
  <p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time>{{ with .Params.column }} · {{ . }}{{ end }}{{ with .Params.issue }} · 第{{ . }}期{{ end }}{{ with .Params.author }} · {{ . }}{{ end }}</p>
  <p>{{ .Summary | plainify | truncate 120 }}</p>
</article>
""")
    put(os.path.join(L, "_partials", "pagination.html"), """{{ if gt .TotalPages 1 }}
{{ $p := . }}{{ $n := .PageNumber }}{{ $total := .TotalPages }}{{ $lo := int (math.Max 1 (sub $n 2)) }}{{ $hi := int (math.Min $total (add $n 2)) }}
<nav class="pagination" aria-label="分页">
  {{ with .Prev }}<a rel="prev" href="{{ .URL }}">← 较新</a>{{ end }}
  {{ if gt $lo 1 }}<a href="{{ .First.URL }}">1</a> {{ if gt $lo 2 }}<span class="gap">…</span> {{ end }}{{ end }}{{ range seq $lo $hi }}{{ if eq . $n }}<span aria-current="page">{{ . }}</span>{{ else }}<a href="{{ (index $p.Pagers (sub . 1)).URL }}">{{ . }}</a>{{ end }} {{ end }}{{ if lt $hi $total }}{{ if lt $hi (sub $total 1) }}<span class="gap">…</span> {{ end }}<a href="{{ .Last.URL }}">{{ $total }}</a>{{ end }}
  {{ with .Next }}<a rel="next" href="{{ .URL }}">较早 →</a>{{ end }}
</nav>
{{ end }}
""")
    put(os.path.join(L, "_partials", "tags.html"), """{{ with .GetTerms "tags" }}<p class="tags">标签：{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
""")
    put(os.path.join(L, "home.html"), """{{ define "main" }}
<div class="wrap">
  <section class="hero"><h1>{{ site.Title }}</h1></section>
  {{ with site.GetPage "/articles" }}<section><h2>最新文章</h2>{{ range first 6 .Pages }}{{ partial "card.html" . }}{{ end }}<p><a href="{{ .RelPermalink }}">文章 →</a></p></section>{{ end }}
  {{ with site.GetPage "/events" }}<section><h2>近期活动</h2>{{ range first 4 .Pages }}{{ partial "card.html" . }}{{ end }}<p><a href="{{ .RelPermalink }}">活动 →</a></p></section>{{ end }}
</div>
{{ end }}
""")
    put(os.path.join(L, "single.html"), """{{ define "main" }}
<article class="wrap entry">
  <header>
    <h1>{{ .Title }}</h1>
    <p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time>{{ with .Params.author }} · 作者：{{ . }}{{ end }}{{ with .Params.column }} · {{ . }}{{ end }}{{ with .Params.issue }} · 第{{ . }}期{{ end }} · 阅读约{{ .ReadingTime }}分钟（{{ .WordCount }}字）</p>
  </header>
  <div class="body">{{ .Content }}</div>
  {{ with .Params.organizations }}<p class="mentions">相关组织：{{ range . }}<a href="{{ printf "/organizations/%s/" . | relURL }}">{{ . }}</a> {{ end }}</p>{{ end }}
  {{ partial "tags.html" . }}
  <nav class="prev-next" aria-label="上一篇 / 下一篇">
    {{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">← 上一篇：{{ .Title }}</a>{{ end }}
    {{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">下一篇：{{ .Title }} →</a>{{ end }}
  </nav>
</article>
{{ end }}
""")
    put(os.path.join(L, "list.html"), """{{ define "main" }}
<div class="wrap with-aside">
  <div>
    <h1>{{ .Title }}</h1>
    {{ $p := .Paginate .Pages }}
    {{ range $p.Pages }}{{ partial "card.html" . }}{{ else }}<p>暂无内容。</p>{{ end }}
    {{ partial "pagination.html" $p }}
  </div>
  <aside class="facets">{{ with .OutputFormats.Get "rss" }}<p><a href="{{ .RelPermalink }}">订阅</a></p>{{ end }}</aside>
</div>
{{ end }}
""")
    put(os.path.join(L, "taxonomy.html"), """{{ define "main" }}
<div class="wrap"><h1>{{ .Title }}</h1>
<ul class="tag-cloud">{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}<small>（{{ .Count }}）</small></a></li>{{ end }}</ul>
</div>
{{ end }}
""")
    put(os.path.join(L, "term.html"), """{{ define "main" }}
<div class="wrap">
  <h1>标签：{{ .Title }}</h1>
  {{- /* Every pager page of a term runs this template again: filter the term's pages once. */}}
  {{- $articles := .Store.Get "articles" }}
  {{- if not $articles }}{{ $articles = where .Pages "Section" "articles" }}{{ .Store.Set "articles" $articles }}{{ end }}
  {{- $p := .Paginate $articles }}
  {{ with $p.Pages }}<section><h2>文章</h2>{{ range . }}{{ partial "card.html" . }}{{ end }}{{ partial "pagination.html" $p }}</section>{{ end }}
  {{ if eq $p.PageNumber 1 }}
  {{ with where .Pages "Section" "events" }}<section><h2>活动</h2>{{ range . }}{{ partial "card.html" . }}{{ end }}</section>{{ end }}
  {{ with where .Pages "Section" "organizations" }}<section><h2>社会组织</h2><div class="grid">{{ range . }}{{ partial "card.html" . }}{{ end }}</div></section>{{ end }}
  {{ end }}
  <p><a href="{{ "/tags/" | relURL }}">全部标签</a></p>
</div>
{{ end }}
""")


def drop_editions(path):
    """The sample's site.yaml without `editions:` and `traditional:` (and the comment above
    them): a corpus compared with Hugo builds one edition, like Hugo."""
    out, skipping = [], False
    for line in open(path, encoding="utf-8").read().splitlines(keepends=True):
        if skipping and line[:1] in (" ", "\t"):
            continue
        skipping = line.startswith("traditional:")
        if skipping or line.startswith("editions:") or line.startswith("# 版本："):
            continue
        out.append(line)
    open(path, "w", encoding="utf-8").write("".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True)
    ap.add_argument("--editions", action="store_true",
                    help="keep the sample's editions (the Traditional edition); by default one edition, like Hugo")
    args = ap.parse_args()
    c = Corpus(args.articles, args.seed)
    c.editions = args.editions
    c.make()
    c.write(args.out)
    print(f"{args.out}: {len(c.articles)} articles, {len(c.orgs)} organizations, {len(c.events)} events, "
          f"{len(c.projects)} projects, {len(TAGS)} tags")


if __name__ == "__main__":
    main()
