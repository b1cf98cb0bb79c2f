#!/usr/bin/env python3
"""Lifecycle statuses, ABC class A and VIPs of data-samples/ as of 2024-12-31, worked out apart from
the job (data-samples/README.md quotes them): records joined on e-mail (trimmed, lower case), phone
(national digits) and loyalty card, no fuzzy matching; orders are order/receipt ids netting above
zero; internal, test and supplier accounts left out; the shipped rules of conf/application.conf
(clientele.lifecycle) re-typed here. Run: python3 scripts/sample-lifecycle.py
"""
import csv
import json
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

D = Path(__file__).resolve().parent.parent / "data-samples"
AS_OF = date(2024, 12, 31)
GBP = 1.15  # conf/samples.conf exchange-rates
parent = {}


def find(x):
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def union(a, b):
    parent[find(a)] = find(b)


def email(e):
    return e.strip().lower() if e and e.strip() else None


def phone(p):
    d = re.sub(r"\D", "", p or "")
    d = d[2:] if d.startswith("33") else d
    return (d[1:] if d.startswith("0") else d) or None


def link(k, e, p, card=None):
    find(k)
    if email(e):
        union(k, "E:" + email(e))
    if phone(p):
        union(k, "P:" + phone(p))
    if card:
        union(k, "L:" + card)


records, relationship = [], {}
for line in open(D / "online/accounts.json", encoding="utf-8"):
    try:
        a = json.loads(line)
    except ValueError:
        continue  # the truncated line is quarantined
    if a.get("account_id"):
        k = "A:" + a["account_id"]
        records.append(k)
        relationship[k] = a.get("relationship")
        link(k, a.get("email"), a.get("phone"), a.get("loyalty_card"))
for c in csv.DictReader(open(D / "offline/loyalty_cards.csv", encoding="utf-8")):
    records.append("C:" + c["card_id"])
    link("C:" + c["card_id"], c.get("email"), c.get("phone"), c["card_id"])

net, first_ts = defaultdict(float), {}


def line(key, ts, amount):
    net[key] += amount
    first_ts[key] = min(first_ts.get(key, ts), ts)


for r in csv.DictReader(open(D / "online/web_orders.csv", encoding="utf-8")):
    try:
        ts, amount = datetime.strptime(r["order_ts"], "%Y-%m-%d %H:%M:%S"), float(r["amount"])
    except ValueError:
        continue  # quarantined: impossible date, not a number
    if not r["order_id"] or r["currency"] not in ("EUR", "GBP") or ts.date() > AS_OF:
        continue
    if r["account_id"]:
        k = "A:" + r["account_id"]
    elif email(r["guest_email"]):
        k = "G:" + email(r["guest_email"])
        link(k, r["guest_email"], None)
        records.append(k)
    else:
        continue
    line((k, r["order_id"]), ts, round(amount * (GBP if r["currency"] == "GBP" else 1), 2))
for r in csv.DictReader(open(D / "offline/pos_receipts.csv", encoding="utf-8"), delimiter=";"):
    try:
        ts = datetime.strptime(r["receipt_date"], "%d/%m/%Y %H:%M")
        amount = float(r["amount"].replace(",", "."))
    except ValueError:
        continue
    if r["receipt_id"] and r["card_id"] and ts.date() <= AS_OF:
        line(("L:" + r["card_id"], r["receipt_id"]), ts, amount)

last_view = {}
for raw in open(D / "online/page_views.jsonl", encoding="utf-8"):
    try:
        v = json.loads(raw)
        day = datetime.strptime(v["ts"], "%Y-%m-%dT%H:%M:%SZ").date()
    except (ValueError, KeyError):
        continue
    k = "A:" + (v.get("account_id") or "")
    if k in parent and day <= AS_OF:
        last_view[find(k)] = max(last_view.get(find(k), day), day)

members = defaultdict(set)
for k in set(records):
    members[find(k)].add(k)
customer_net, purchases = defaultdict(float), defaultdict(list)
for (k, _), value in net.items():
    customer_net[find(k)] += value
    if value > 0.005:
        purchases[find(k)].append(first_ts[(k, _)].date())

status = {}
for c, ks in members.items():
    if any(relationship.get(k) in ("internal", "test", "supplier") for k in ks):
        continue
    days = purchases.get(c, [])
    if not days:
        seen = last_view.get(c)
        status[c] = "prospect_hot" if seen and (AS_OF - seen).days <= 30 else "prospect_cold"
        continue
    recency, tenure = (AS_OF - max(days)).days, (AS_OF - min(days)).days
    distinct = len(set(days))
    gap = (max(days) - min(days)).days / (distinct - 1) if distinct >= 2 else None
    if recency > 365:
        status[c] = "lost"
    elif recency > 180:
        status[c] = "inactive"
    elif tenure <= 90:
        status[c] = "new"
    elif distinct >= 2 and recency > 2.0 * gap:
        status[c] = "at_risk"
    elif len(days) >= 4 and recency <= 180:
        status[c] = "loyal"
    else:
        status[c] = "active"

# ABC on net revenue: A while the share before the customer is below 0.80.
ranked = sorted((c for c in status if round(customer_net[c], 2) > 0), key=lambda c: -customer_net[c])
total, before, class_a = sum(customer_net[c] for c in ranked), 0.0, set()
for c in ranked:
    if before / total < 0.80:
        class_a.add(c)
    before += customer_net[c]
print("customers", len(status), dict(Counter(status.values())))
print("class A", len(class_a), "VIP (A and loyal)", sum(status[c] == "loyal" for c in class_a))
