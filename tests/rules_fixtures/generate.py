#!/usr/bin/env python3
"""Writes tests/rules_fixtures/<name>/: the valid base tree with exactly one problem each,
and expected.txt with the exact error lines. The expected lines are written here by hand
from the messages in src/ruleset.rs (serde messages, with their line and column, were
checked against the file they point at). Run from anywhere: python3 generate.py"""
import json, os, copy, shutil
ROOT = os.path.dirname(os.path.abspath(__file__))
V = "2026-11-26"

def src(title, issuer, published, url="https://example.org/source"):
    return {"title": title, "issuer": issuer, "document_number": None, "url": url, "published": published}

def city(id, code, zh, en):
    return {"id": id, "code": code, "code_aliases": [], "name_zh": zh, "name_en": en, "province_zh": "江苏省", "province_en": "Jiangsu"}

BASE = {
  "gazetteer.json": {
    "codes_source": src("Test division codes", "Test issuer", "2023-01-01", "https://example.org/codes"),
    "cities": [city("nanjing", "320100", "南京市", "Nanjing"), city("suzhou", "320500", "苏州市", "Suzhou"), city("wuxi", "320200", "无锡市", "Wuxi")],
    "regions": [{"id": "sunan", "name_zh": "苏南", "name_en": "Sunan", "pilot": True, "members": ["nanjing", "suzhou", "wuxi"],
                 "source": src("Test region source", "Test newspaper", "2025-09-12"), "confidence": "news", "verified_on": V}],
  },
  "cities/nanjing.json": {
    "city": "nanjing",
    "routes": [{"id": "points", "name_zh": "积分落户", "name_en": "Points", "hukou_in": None, "versions": [{
        "effective_from": "2021-02-19", "effective_until": None,
        "source": src("Test city rules", "Test city", "2021-02-23"), "confidence": "third_party", "verified_on": V,
        "requirements": [{"kind": "social_insurance", "months": 12, "counting": "cumulative", "back_paid": "counted",
                          "recognition": "agreements", "min_local_months": 0, "cutoff": "evaluation_month", "must_be_current": False}],
        "unchecked": [{"code": "points_100", "zh": "积分达到100分", "en": "Reach 100 points"}],
        "assumptions": []}]}],
  },
  "cities/wuxi.json": {
    "city": "wuxi",
    "routes": [{"id": "open", "name_zh": "放开落户", "name_en": "Open", "hukou_in": None, "versions": [{
        "effective_from": "2023-08-11", "effective_until": None,
        "source": src("Test province rules", "Test province", "2023-08-11"), "confidence": "news", "verified_on": V,
        "requirements": [], "unchecked": [], "assumptions": []}]}],
  },
  "agreements/pair.json": {
    "id": "pair", "name_zh": "测试协议", "name_en": "Test agreement",
    "versions": [{"effective_from": "2025-09-11", "effective_until": None, "recognising": ["nanjing"], "partners": ["suzhou", "wuxi"],
                  "kinds": ["social_insurance"], "partner_months_from": "unknown", "cap_months": None, "ratio": 1.0,
                  "source": src("Test agreement source", "Test newspaper", "2025-09-16"), "confidence": "unverified", "verified_on": V,
                  "assumptions": []}],
  },
}

G, NJ, WX, AG = "gazetteer.json", "cities/nanjing.json", "cities/wuxi.json", "agreements/pair.json"
def ver(t): return t["routes"][0]["versions"][0]
def rq(t): return ver(t)["requirements"][0]
def av(t): return t["versions"][0]

fixtures = []  # (name, mutate(files) -> None, expected lines)
def fx(name, expected):
    def deco(f):
        fixtures.append((name, f, expected))
        return f
    return deco

fx("valid-base", [])(lambda f: None)

# --- reading the files -------------------------------------------------------
@fx("missing-gazetteer", ["gazetteer.json: gazetteer.json is missing"])
def _(f): del f[G]
@fx("not-a-rules-file", ["notes.json: not a rules file: expected gazetteer.json, cities/<id>.json or agreements/<id>.json"])
def _(f): f["notes.json"] = {"note": "not rules"}
@fx("rules-file-in-a-subfolder", ["cities/old/wuxi.json: not a rules file: expected gazetteer.json, cities/<id>.json or agreements/<id>.json"])
def _(f): f["cities/old/wuxi.json"] = copy.deepcopy(f[WX])
@fx("invalid-json", ['agreements/pair.json: EOF while parsing an object at line 33 column 3'])
def _(f): f[AG] = "RAW:" + json.dumps(f[AG], ensure_ascii=False, indent=2)[:-2]
@fx("unknown-key", ['cities/nanjing.json: routes[0].versions[0].requirements[0].monthz: unknown field `monthz`, expected one of `kind`, `months`, `counting`, `gap_tolerance_months`, `back_paid`, `back_paid_cap_months`, `recognition`, `min_local_months`, `cutoff`, `must_be_current`, `only_while_holding` at line 32 column 22'])
def _(f): rq(f[NJ])["monthz"] = 12
@fx("unknown-key-in-gazetteer-stops-the-check", ['gazetteer.json: city_list: unknown field `city_list`, expected one of `codes_source`, `cities`, `regions` at line 60 column 13'])
def _(f): f[G]["city_list"] = []
@fx("malformed-date", ['cities/nanjing.json: routes[0].versions[0].effective_from: "2021-02-30" is not a date (YYYY-MM-DD) at line 11 column 40'])
def _(f): ver(f[NJ])["effective_from"] = "2021-02-30"
@fx("malformed-month-in-partner-months-from", ['agreements/pair.json: versions[0].partner_months_from: "2021-13" is not "any", "unknown" or a month (YYYY-MM) at line 19 column 38'])
def _(f): av(f[AG])["partner_months_from"] = "2021-13"
@fx("wrong-type", ['cities/nanjing.json: routes[0].versions[0].requirements[0].months: invalid type: string "12", expected u32 at line 25 column 28'])
def _(f): rq(f[NJ])["months"] = "12"
@fx("unknown-confidence", ['cities/wuxi.json: routes[0].versions[0].confidence: unknown variant `high`, expected one of `unverified`, `third_party`, `news`, `official` at line 20 column 30'])
def _(f): ver(f[WX])["confidence"] = "high"
@fx("missing-source-field", ['cities/nanjing.json: routes[0].versions[0].source: missing field `issuer` at line 18 column 11'])
def _(f): del ver(f[NJ])["source"]["issuer"]

# --- gazetteer ------------------------------------------------------------------
@fx("source-without-title", ["gazetteer.json: codes_source.title: a source needs a title"])
def _(f): f[G]["codes_source"]["title"] = ""
@fx("source-without-issuer", ["gazetteer.json: regions[0].source.issuer: a source needs an issuer"])
def _(f): f[G]["regions"][0]["source"]["issuer"] = "  "
@fx("source-url-not-http", ['gazetteer.json: codes_source.url: "www.example.org/codes" is not an http(s) URL'])
def _(f): f[G]["codes_source"]["url"] = "www.example.org/codes"
@fx("city-id-not-pinyin-letters", ['gazetteer.json: cities[3].id: "xi\'an" is not an id (lowercase pinyin letters only)'])
def _(f): f[G]["cities"].append(city("xi'an", "610100", "西安市", "Xi'an"))
@fx("code-not-six-digits", ['gazetteer.json: cities[1].code: "3205" is not a six-digit GB/T 2260 code'])
def _(f): f[G]["cities"][1]["code"] = "3205"
@fx("code-alias-not-six-digits", ['gazetteer.json: cities[0].code_aliases[0]: "32010A" is not a six-digit GB/T 2260 code'])
def _(f): f[G]["cities"][0]["code_aliases"] = ["32010A"]
@fx("code-used-by-two-cities", ['gazetteer.json: cities[2].code: "320500" is used by another city'])
def _(f): f[G]["cities"][2]["code"] = "320500"
@fx("city-id-used-twice", ['gazetteer.json: cities[3].id: "wuxi" is used by another city'])
def _(f): f[G]["cities"].append(city("wuxi", "320300", "徐州市", "Xuzhou"))
@fx("empty-city-name", ["gazetteer.json: cities[1].name_en: must not be empty"])
def _(f): f[G]["cities"][1]["name_en"] = ""
@fx("region-id-used-twice", ['gazetteer.json: regions[1].id: "sunan" is used by another region'])
def _(f):
    r = copy.deepcopy(f[G]["regions"][0]); r["members"] = ["wuxi"]; f[G]["regions"].append(r)
@fx("region-without-members", ["gazetteer.json: regions[0].members: a region needs at least one member"])
def _(f): f[G]["regions"][0]["members"] = []
@fx("region-member-not-in-gazetteer", ['gazetteer.json: regions[0].members[3]: "hangzhou" is not a city id in the gazetteer'])
def _(f): f[G]["regions"][0]["members"].append("hangzhou")
@fx("region-verified-before-published", ["gazetteer.json: regions[0].verified_on: verified on 2025-01-01, before the source was published (2025-09-12)"])
def _(f): f[G]["regions"][0]["verified_on"] = "2025-01-01"

# --- city files ----------------------------------------------------------------
@fx("city-not-in-gazetteer", ['cities/hangzhou.json: city: "hangzhou" is not a city id in the gazetteer'])
def _(f):
    c = copy.deepcopy(f[WX]); c["city"] = "hangzhou"; f["cities/hangzhou.json"] = c
@fx("city-does-not-match-file-name", ['cities/wuxi.json: city: "suzhou" does not match the file name (expected cities/suzhou.json)'])
def _(f): f[WX]["city"] = "suzhou"
@fx("city-has-rules-in-two-files", ['cities/wuxi2.json: city: "wuxi" already has rules in cities/wuxi.json',
                                    'cities/wuxi2.json: city: "wuxi" does not match the file name (expected cities/wuxi.json)'])
def _(f): f["cities/wuxi2.json"] = copy.deepcopy(f[WX])
@fx("city-without-routes", ["cities/wuxi.json: routes: a city needs at least one route"])
def _(f): f[WX]["routes"] = []
@fx("route-id-not-lowercase", ['cities/nanjing.json: routes[0].id: "Points" is not a route id (lowercase letters and _)'])
def _(f): f[NJ]["routes"][0]["id"] = "Points"
@fx("route-id-used-twice", ['cities/wuxi.json: routes[1].id: "open" is used by another route of this city'])
def _(f): f[WX]["routes"].append(copy.deepcopy(f[WX]["routes"][0]))
@fx("hukou-in-empty-list", ["cities/nanjing.json: routes[0].hukou_in: an empty list admits nobody: use null for anyone"])
def _(f): f[NJ]["routes"][0]["hukou_in"] = []
@fx("hukou-in-city-not-in-gazetteer", ['cities/nanjing.json: routes[0].hukou_in[1]: "hangzhou" is not a city id in the gazetteer'])
def _(f): f[NJ]["routes"][0]["hukou_in"] = ["nanjing", "hangzhou"]
@fx("route-without-versions", ["cities/nanjing.json: routes[0].versions: a route needs at least one version"])
def _(f): f[NJ]["routes"][0]["versions"] = []
@fx("version-ends-before-it-starts", ["cities/nanjing.json: routes[0].versions[0].effective_until: 2020-12-31 is before effective_from 2021-02-19"])
def _(f): ver(f[NJ])["effective_until"] = "2020-12-31"
def two_versions(f, a, b):
    v0 = ver(f[NJ]); v1 = copy.deepcopy(v0)
    v0["effective_from"], v0["effective_until"] = a
    v1["effective_from"], v1["effective_until"] = b
    f[NJ]["routes"][0]["versions"] = [v0, v1]
@fx("versions-not-sorted", ["cities/nanjing.json: routes[0].versions[1].effective_from: 2021-02-19 is not after the previous version's effective_from 2023-01-01: versions must be sorted"])
def _(f): two_versions(f, ("2023-01-01", None), ("2021-02-19", "2022-12-31"))
@fx("open-ended-version-before-another", ["cities/nanjing.json: routes[0].versions[0].effective_until: the version is open-ended but version 1 starts on 2023-01-01: versions overlap"])
def _(f): two_versions(f, ("2021-02-19", None), ("2023-01-01", None))
@fx("versions-overlap", ["cities/nanjing.json: routes[0].versions[1].effective_from: 2023-01-01 overlaps the previous version, in force until 2023-06-30"])
def _(f): two_versions(f, ("2021-02-19", "2023-06-30"), ("2023-01-01", None))
@fx("version-source-without-title", ["cities/nanjing.json: routes[0].versions[0].source.title: a source needs a title"])
def _(f): ver(f[NJ])["source"]["title"] = " "
@fx("version-source-url-not-http", ['cities/wuxi.json: routes[0].versions[0].source.url: "ftp://example.org/rules" is not an http(s) URL'])
def _(f): ver(f[WX])["source"]["url"] = "ftp://example.org/rules"
@fx("version-verified-before-published", ["cities/nanjing.json: routes[0].versions[0].verified_on: verified on 2021-01-01, before the source was published (2021-02-23)"])
def _(f): ver(f[NJ])["verified_on"] = "2021-01-01"
@fx("kind-required-twice", ["cities/nanjing.json: routes[0].versions[0].requirements[1].kind: social_insurance is required twice in one version"])
def _(f):
    r = copy.deepcopy(rq(f[NJ])); r["months"] = 24; ver(f[NJ])["requirements"].append(r)
@fx("zero-months", ["cities/nanjing.json: routes[0].versions[0].requirements[0].months: 0 months is no requirement: leave the requirement out"])
def _(f): rq(f[NJ])["months"] = 0
@fx("gap-tolerance-on-cumulative-counting", ["cities/nanjing.json: routes[0].versions[0].requirements[0].gap_tolerance_months: gaps are tolerated only in continuous counting"])
def _(f): rq(f[NJ])["gap_tolerance_months"] = 2
@fx("min-local-months-with-local-only", ["cities/nanjing.json: routes[0].versions[0].requirements[0].min_local_months: with local_only recognition every month is local: leave min_local_months out"])
def _(f): rq(f[NJ])["recognition"] = "local_only"; rq(f[NJ])["min_local_months"] = 3
@fx("min-local-months-exceed-months", ["cities/nanjing.json: routes[0].versions[0].requirements[0].min_local_months: 24 local months exceed the 12 months required"])
def _(f): rq(f[NJ])["min_local_months"] = 24
@fx("kind-depends-on-itself", ["cities/nanjing.json: routes[0].versions[0].requirements[0].only_while_holding: a kind cannot depend on itself"])
def _(f): rq(f[NJ])["only_while_holding"] = "social_insurance"
@fx("unchecked-code-listed-twice", ['cities/nanjing.json: routes[0].versions[0].unchecked[1].code: "points_100" is listed twice'])
def _(f): ver(f[NJ])["unchecked"].append({"code": "points_100", "zh": "积分", "en": "Points"})

# --- agreement files -------------------------------------------------------------
@fx("agreement-id-used-twice", ['agreements/pair2.json: id: "pair" is used by another agreement',
                                'agreements/pair2.json: id: "pair" does not match the file name (expected agreements/pair.json)'])
def _(f): f["agreements/pair2.json"] = copy.deepcopy(f[AG])
@fx("agreement-id-does-not-match-file-name", ['agreements/pair.json: id: "sunan_pair" does not match the file name (expected agreements/sunan_pair.json)'])
def _(f): f[AG]["id"] = "sunan_pair"
@fx("agreement-without-versions", ["agreements/pair.json: versions: an agreement needs at least one version"])
def _(f): f[AG]["versions"] = []
@fx("agreement-version-ends-before-it-starts", ["agreements/pair.json: versions[0].effective_until: 2025-01-01 is before effective_from 2025-09-11"])
def _(f): av(f[AG])["effective_until"] = "2025-01-01"
@fx("agreement-versions-overlap", ["agreements/pair.json: versions[1].effective_from: 2026-01-01 overlaps the previous version, in force until 2026-06-30"])
def _(f):
    v0 = av(f[AG]); v1 = copy.deepcopy(v0); v0["effective_until"] = "2026-06-30"; v1["effective_from"] = "2026-01-01"
    f[AG]["versions"] = [v0, v1]
@fx("agreement-recognises-nobody", ["agreements/pair.json: versions[0].recognising: must name at least one city"])
def _(f): av(f[AG])["recognising"] = []
@fx("agreement-without-partners", ["agreements/pair.json: versions[0].partners: must name at least one city"])
def _(f): av(f[AG])["partners"] = []
@fx("agreement-partner-not-in-gazetteer", ['agreements/pair.json: versions[0].partners[1]: "hangzhou" is not a city id in the gazetteer'])
def _(f): av(f[AG])["partners"] = ["suzhou", "hangzhou"]
@fx("agreement-recognising-city-not-an-id", ['agreements/pair.json: versions[0].recognising[0]: "320100" is not a city id in the gazetteer'])
def _(f): av(f[AG])["recognising"] = ["320100"]
@fx("agreement-city-listed-twice", ['agreements/pair.json: versions[0].partners[2]: "suzhou" is listed twice'])
def _(f): av(f[AG])["partners"] = ["suzhou", "wuxi", "suzhou"]
@fx("agreement-without-kinds", ["agreements/pair.json: versions[0].kinds: an agreement must cover at least one kind"])
def _(f): av(f[AG])["kinds"] = []
@fx("agreement-kind-listed-twice", ["agreements/pair.json: versions[0].kinds: a kind is listed twice"])
def _(f): av(f[AG])["kinds"] = ["social_insurance", "social_insurance"]
@fx("ratio-above-one", ["agreements/pair.json: versions[0].ratio: 1.5 is not a ratio in (0, 1]"])
def _(f): av(f[AG])["ratio"] = 1.5
@fx("ratio-zero", ["agreements/pair.json: versions[0].ratio: 0 is not a ratio in (0, 1]"])
def _(f): av(f[AG])["ratio"] = 0.0
@fx("cap-of-zero-months", ["agreements/pair.json: versions[0].cap_months: a cap of 0 recognises nothing: leave the city out instead"])
def _(f): av(f[AG])["cap_months"] = 0
@fx("agreement-source-without-issuer", ["agreements/pair.json: versions[0].source.issuer: a source needs an issuer"])
def _(f): av(f[AG])["source"]["issuer"] = ""
@fx("agreement-verified-before-published", ["agreements/pair.json: versions[0].verified_on: verified on 2025-01-01, before the source was published (2025-09-16)"])
def _(f): av(f[AG])["verified_on"] = "2025-01-01"

# --- several problems, each in another file ----------------------------------------
@fx("several-problems-in-different-files", ['cities/wuxi.json: routes[0].versions[0].requirementz: unknown field `requirementz`, expected one of `effective_from`, `effective_until`, `source`, `confidence`, `verified_on`, `requirements`, `unchecked`, `assumptions` at line 25 column 24', 'notes.json: not a rules file: expected gazetteer.json, cities/<id>.json or agreements/<id>.json', 'gazetteer.json: cities[1].name_zh: must not be empty', 'cities/nanjing.json: routes[0].versions[0].requirements[0].months: 0 months is no requirement: leave the requirement out', 'agreements/pair.json: versions[0].ratio: 2 is not a ratio in (0, 1]'])
def _(f):
    f[G]["cities"][1]["name_zh"] = ""
    rq(f[NJ])["months"] = 0
    ver(f[WX])["requirementz"] = []
    av(f[AG])["ratio"] = 2.0
    f["notes.json"] = {"note": "not rules"}

for entry in os.listdir(ROOT):
    if os.path.isdir(os.path.join(ROOT, entry)):
        shutil.rmtree(os.path.join(ROOT, entry))
for name, mutate, expected in fixtures:
    files = copy.deepcopy(BASE)
    mutate(files)
    d = os.path.join(ROOT, name)
    for path, doc in files.items():
        full = os.path.join(d, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as fh:
            if isinstance(doc, str) and doc.startswith("RAW:"):
                fh.write(doc[4:])
            else:
                json.dump(doc, fh, ensure_ascii=False, indent=2)
                fh.write("\n")
    with open(os.path.join(d, "expected.txt"), "w", encoding="utf-8") as fh:
        if expected is None:
            fh.write("TODO\n")
        else:
            fh.write("".join(l + "\n" for l in expected))
print(len(fixtures), "fixtures")
