#!/usr/bin/env python3
"""Writes data-samples/ (deterministic: seeded). The files are committed; re-run only to change them.

Five customers are planted by hand (PLANTED below) so that data-samples/README.md can work out their
expected values; everyone else is generated. Bad rows are planted at the end of each file.
"""
import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data-samples"
R = random.Random(20241231)
SECTORS = ["retail", "hospitality", "education", "health", "construction"]
SIZES = ["1-9", "10-49", "50-249"]

FIRST_F = ["Camille", "Chloé", "Manon", "Léa", "Emma", "Inès", "Sarah", "Julie", "Claire", "Anne",
           "Sophie", "Laura", "Marie", "Alice", "Lucie", "Elise"]
FIRST_M = ["Lucas", "Hugo", "Louis", "Nathan", "Thomas", "Paul", "Jules", "Arthur", "Pierre",
           "Antoine", "Nicolas", "Julien", "Marc", "Théo", "Maxime", "Adrien"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
        "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
        "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
        "François", "Martinez", "Peeters", "Janssens", "Müller", "Schmidt"]
CITIES = [("75011", "Paris", "Île-de-France", "FR"), ("69003", "Lyon", "Auvergne-Rhône-Alpes", "FR"),
          ("13006", "Marseille", "Provence-Alpes-Côte d'Azur", "FR"), ("33000", "Bordeaux", "Nouvelle-Aquitaine", "FR"),
          ("59000", "Lille", "Hauts-de-France", "FR"), ("44000", "Nantes", "Pays de la Loire", "FR"),
          ("67000", "Strasbourg", "Grand Est", "FR"), ("31000", "Toulouse", "Occitanie", "FR"),
          ("35000", "Rennes", "Bretagne", "FR"), ("74400", "Chamonix", "Auvergne-Rhône-Alpes", "FR"),
          ("1000", "Bruxelles", "Bruxelles-Capitale", "BE"), ("4000", "Liège", "Wallonie", "BE"),
          ("10115", "Berlin", "Berlin", "DE"), ("50667", "Köln", "Nordrhein-Westfalen", "DE")]
CATEGORIES = {"outdoor": (15, 180), "fashion": (12, 90), "home": (8, 120), "books": (6, 30),
              "electronics": (25, 400), "beauty": (7, 60)}
STORES = ["PAR01", "LYO01", "BDX01"]
START, END = date(2023, 1, 1), date(2024, 12, 31)


def ascii_local(s):
    table = str.maketrans("éèêëàâîïôöüûçÉÈ", "eeeeaaiioouucEE")
    return s.translate(table).lower().replace(" ", "")


def national(digits):  # "0612345678" -> "06 12 34 56 78"
    return " ".join(digits[i:i + 2] for i in range(0, 10, 2))


def rand_day():
    return START + timedelta(days=R.randrange((END - START).days + 1))


def money(x):
    return f"{x:.2f}"


def person(i):
    female = R.random() < 0.55
    first = R.choice(FIRST_F if female else FIRST_M)
    last = R.choice(LAST)
    pc, city, region, country = R.choice(CITIES) if R.random() < 0.85 else R.choice(CITIES[10:])
    mobile = "06" + f"{R.randrange(10**8):08d}"
    return {
        "first": first, "last": last, "gender": "F" if female else "M",
        "email": f"{ascii_local(first)}.{ascii_local(last)}{i}@{R.choice(['gmail.com', 'orange.fr', 'free.fr', 'outlook.com'])}",
        "mobile": mobile, "birth": date(1950, 1, 1) + timedelta(days=R.randrange(365 * 55)),
        "address": f"{R.randrange(1, 120)} rue {R.choice(['de la Paix', 'Victor Hugo', 'des Lilas', 'du Port', 'Pasteur'])}",
        "postcode": pc, "city": city, "region": region, "country": country,
    }


# --- the five planted customers (see data-samples/README.md) -------------------------------------
PLANTED = {
    "camille": dict(first="Camille", last="Martin", gender="F", email="camille.martin@example.fr",
                    mobile="0611223344", birth=date(1988, 4, 12), address="12 rue des Lilas",
                    postcode="75011", city="Paris", region="Île-de-France", country="FR"),
    "lucas": dict(first="Lucas", last="Bernard", gender="M", email=None, mobile="0622334455",
                  birth=date(1975, 9, 3), address="3 place Bellecour", postcode="69002", city="Lyon",
                  region="Auvergne-Rhône-Alpes", country="FR"),
    "chloe": dict(first="Chloé", last="Dubois", gender="F", email="chloe.dubois@example.fr",
                  mobile="0633445566", birth=date(1992, 1, 30), address="8 cours de l'Intendance",
                  postcode="33000", city="Bordeaux", region="Nouvelle-Aquitaine", country="FR"),
    "hugo": dict(first="Hugo", last="Lefèvre", gender="M", email="hugo.lefevre@example.fr",
                 mobile="0612345678", birth=date(1983, 6, 21), address="40 quai Saint-Antoine",
                 postcode="69002", city="Lyon", region="Auvergne-Rhône-Alpes", country="FR"),
    "manon": dict(first="Manon", last="Girard", gender="F", email="manon.girard@example.fr",
                  mobile="0699887766", birth=date(1995, 11, 5), address="5 rue Pasteur",
                  postcode="75011", city="Paris", region="Île-de-France", country="FR"),
}


def account(aid, p, loyalty=None, relationship="consumer", phone=None, created=None):
    return {"account_id": aid, "email": p["email"], "phone": phone or ("+33" + p["mobile"][1:]),
            "loyalty_card": loyalty, "first_name": p["first"], "last_name": p["last"],
            "birth_date": p["birth"].isoformat(), "gender": p["gender"], "address": p["address"],
            "postcode": p["postcode"], "city": p["city"], "region": p["region"], "country": p["country"],
            "account_type": "person", "relationship": relationship,
            "consent_email": R.random() < 0.7, "consent_sms": R.random() < 0.4,
            "satisfaction": R.choice([None, 6, 7, 8, 9, 10, 3]),
            "created_at": (created or "2022-06-01T09:00:00")}


def card(cid, p, email=None, phone=None):
    return [cid, p["first"], p["last"], email or "", phone if phone is not None else national(p["mobile"]),
            p["postcode"], p["city"], p["birth"].strftime("%d/%m/%Y"), "2022-03-15"]


def main():
    accounts, cards, web, pos, views = [], [], [], [], []
    # Planted accounts and cards.
    accounts.append(account("A0001", PLANTED["camille"], phone="+33611223344"))
    cards.append(card("L0000001", PLANTED["lucas"]))
    accounts.append(account("A0002", PLANTED["chloe"]))
    cards.append(card("L0000002", PLANTED["chloe"], email="Chloe.Dubois@Example.fr"))
    accounts.append(account("A0003", PLANTED["hugo"], phone="+33 6 12 34 56 78"))
    cards.append(card("L0000003", PLANTED["hugo"], phone="06 12 34 56 78"))
    accounts.append(account("A0004", PLANTED["manon"], loyalty="L0000004"))
    cards.append(card("L0000004", PLANTED["manon"], phone="06.99.88.77.66"))

    web_header = ["order_id", "line_no", "account_id", "guest_email", "order_ts", "sku", "category",
                  "quantity", "unit_price", "amount", "currency", "site"]
    pos_header = ["receipt_id", "line_no", "store_id", "card_id", "receipt_date", "type", "sku",
                  "category", "qty", "unit_price", "amount"]

    def wl(order, line, aid, guest, ts, cat, qty, price, cur="EUR", sku=None):
        web.append([order, str(line), aid or "", guest or "", ts, sku or f"{cat[:3].upper()}-{R.randrange(1000, 9999)}",
                    cat, str(qty), money(price), money(qty * price), cur, "shop.example.fr"])

    def pl(rec, line, store, cid, ts, kind, cat, qty, price, sku=None):
        pos.append([rec, str(line), store, cid or "", ts, kind, sku or f"{cat[:3].upper()}-{R.randrange(1000, 9999)}",
                    cat, str(qty), money(price).replace(".", ","), money(qty * price).replace(".", ",")])

    # Camille (online only): 3 orders, the second fully returned.
    wl("W900001", 1, "A0001", None, "2023-03-10 10:15:00", "outdoor", 1, 89.90)
    wl("W900001", 2, "A0001", None, "2023-03-10 10:15:00", "books", 2, 12.50)
    wl("W900002", 1, "A0001", None, "2024-05-02 20:40:00", "fashion", 1, 59.00)
    wl("W900002", 2, "A0001", None, "2024-05-20 09:00:00", "fashion", -1, 59.00)  # full return
    wl("W900003", 1, "A0001", None, "2024-11-28 18:05:00", "electronics", 1, 149.00)
    # Lucas (store only): 2 receipts and a partial return on another day.
    pl("P900001", 1, "LYO01", "L0000001", "14/02/2023 11:30", "VENTE", "home", 2, 24.90)
    pl("P900001", 2, "LYO01", "L0000001", "14/02/2023 11:30", "VENTE", "beauty", 1, 18.00)
    pl("P900002", 1, "LYO01", "L0000001", "09/09/2024 17:45", "VENTE", "outdoor", 1, 120.00)
    pl("P900003", 1, "LYO01", "L0000001", "16/09/2024 10:10", "RETOUR", "outdoor", -1, 120.00)
    pl("P900004", 1, "LYO01", "L0000001", "21/12/2024 15:00", "VENTE", "books", 3, 9.90)
    # Chloé (both, same e-mail): 1 web order, 2 store receipts on the same day.
    wl("W900004", 1, "A0002", None, "2023-07-01 08:00:00", "beauty", 2, 22.00)
    pl("P900005", 1, "BDX01", "L0000002", "15/10/2024 12:00", "VENTE", "fashion", 1, 45.00)
    pl("P900006", 1, "BDX01", "L0000002", "15/10/2024 16:30", "VENTE", "home", 1, 30.00)
    # Hugo (both, same phone in another format): web + store.
    wl("W900005", 1, "A0003", None, "2024-01-15 21:00:00", "electronics", 1, 299.00)
    pl("P900007", 1, "LYO01", "L0000003", "02/03/2024 10:00", "VENTE", "outdoor", 2, 35.00)
    pl("P900008", 1, "LYO01", "L0000003", "30/12/2024 18:20", "VENTE", "books", 1, 15.00)
    # Manon (both, loyalty card known online) plus a guest web order with her e-mail only.
    wl("W900006", 1, "A0004", None, "2023-12-05 13:00:00", "fashion", 1, 75.00)
    wl("W900007", 1, None, "Manon.Girard@example.fr", "2024-06-18 19:30:00", "beauty", 3, 14.00)
    pl("P900009", 1, "PAR01", "L0000004", "24/08/2024 11:00", "VENTE", "home", 1, 64.50)
    # After the as-of day: must not count on 2024-12-31 (the file runs to 2025-01-02).
    pl("P900010", 1, "PAR01", "L0000004", "02/01/2025 10:00", "VENTE", "books", 1, 20.00)

    # --- generated customers ----------------------------------------------------------------
    n_online, n_store, n_both = 170, 80, 70
    people = [person(i) for i in range(10, 10 + n_online + n_store + n_both)]
    online = people[:n_online]
    store = people[n_online:n_online + n_store]
    both = people[n_online + n_store:]
    aid = 10
    online_ids = []
    for p in online + both:
        a = f"A{aid:04d}"
        aid += 1
        acc = account(a, p, created=f"{R.choice([2021, 2022, 2023])}-0{R.randrange(1, 10)}-1{R.randrange(0, 9)}T10:00:00")
        if R.random() < 0.1:
            acc["account_type"] = "company"
            # Custom attributes (clientele.attributes): from the id, so no random draw moves.
            acc["sector"] = SECTORS[aid % len(SECTORS)]
            acc["company_size"] = SIZES[(aid // 3) % len(SIZES)]
        accounts.append(acc)
        online_ids.append((a, p))
    for i, (a, email) in enumerate([("A0901", "ops@shop.example.fr"), ("A0902", "test@test.com"),
                                    ("A0903", "qa+1@shop.example.fr")]):
        p = person(900 + i)
        p["email"] = email
        accounts.append(account(a, p, relationship="internal" if i == 0 else "test"))
        online_ids.append((a, p))
    cid = 10
    store_ids = []
    for p in store + both:
        c = f"L{cid:07d}"
        cid += 1
        # Half of the shared customers give their e-mail at the till; the other half match by phone.
        email = p["email"] if p in both and R.random() < 0.5 else ""
        cards.append(card(c, p, email=email))
        store_ids.append(c)
    # Web orders: 1..8 per online customer, 1..3 lines each.
    order = 100000
    for a, p in online_ids:
        for _ in range(R.choice([1, 1, 2, 2, 3, 4, 5, 8])):
            order += 1
            day = rand_day()
            ts = f"{day.isoformat()} {R.randrange(7, 23):02d}:{R.randrange(60):02d}:{R.randrange(60):02d}"
            lines = R.randrange(1, 4)
            for ln in range(1, lines + 1):
                cat = R.choice(list(CATEGORIES))
                lo, hi = CATEGORIES[cat]
                qty = R.choice([1, 1, 1, 2, 3])
                price = round(R.uniform(lo, hi), 2)
                wl(f"W{order}", ln, a, None, ts, cat, qty, price)
                if R.random() < 0.04:  # a returned line, some days later
                    rts = (day + timedelta(days=R.randrange(3, 20))).isoformat() + " 10:00:00"
                    wl(f"W{order}", ln + 10, a, None, rts, cat, -qty, price)
    # Guest checkouts: e-mail only, some of them store-only customers.
    for i in range(40):
        order += 1
        p = R.choice(store) if i % 4 == 0 else person(2000 + i)
        cat = R.choice(list(CATEGORIES))
        wl(f"W{order}", 1, None, p["email"], f"{rand_day().isoformat()} 12:{i:02d}:00", cat, 1,
           round(R.uniform(*CATEGORIES[cat]), 2))
    # A few orders in GBP from the Belgian/German customers' UK site.
    for i in range(5):
        order += 1
        a, p = online_ids[i * 7]
        wl(f"W{order}", 1, a, None, f"{rand_day().isoformat()} 09:00:00", "books", 1, 12.00, cur="GBP")
    # Store receipts: card holders and anonymous cash sales.
    rec = 100000
    for c in store_ids:
        for _ in range(R.choice([1, 2, 3, 4, 6, 10])):
            rec += 1
            day = rand_day()
            ts = f"{day.strftime('%d/%m/%Y')} {R.randrange(9, 20):02d}:{R.randrange(60):02d}"
            for ln in range(1, R.randrange(1, 4) + 1):
                cat = R.choice(list(CATEGORIES))
                pl(f"P{rec}", ln, R.choice(STORES), c, ts, "VENTE", cat, R.choice([1, 1, 2]),
                   round(R.uniform(*CATEGORIES[cat]), 2))
            if R.random() < 0.05:
                rec += 1
                cat = R.choice(list(CATEGORIES))
                rts = (day + timedelta(days=7)).strftime("%d/%m/%Y") + " 11:00"
                pl(f"P{rec}", 1, R.choice(STORES), c, rts, "RETOUR", cat, -1,
                   round(R.uniform(*CATEGORIES[cat]), 2))
    for i in range(400):
        rec += 1
        day = rand_day()
        cat = R.choice(list(CATEGORIES))
        pl(f"P{rec}", 1, R.choice(STORES), None, f"{day.strftime('%d/%m/%Y')} {R.randrange(9, 20):02d}:05",
           "VENTE", cat, 1, round(R.uniform(*CATEGORIES[cat]), 2))
    # Page views.
    for i in range(1500):
        a, p = R.choice(online_ids) if R.random() < 0.7 else (None, None)
        d = rand_day()
        views.append({"ts": f"{d.isoformat()}T{R.randrange(24):02d}:{R.randrange(60):02d}:00Z",
                      "account_id": a, "cookie_id": f"ck-{R.randrange(16**8):08x}",
                      "page_category": R.choice(list(CATEGORIES) + ["home-page", "checkout"])})

    # --- planted bad rows (README: "Bad rows") ----------------------------------------------
    web.append(["W990001", "1", "A0010", "", "2024-13-45 10:00:00", "BOO-1", "books", "1", "9.90", "9.90", "EUR", "shop.example.fr"])
    web.append(["W990002", "1", "A0011", "", "2024-04-04 10:00:00", "BOO-2", "books", "1", "9.90", "neuf euros", "EUR", "shop.example.fr"])
    web.append(["", "1", "A0012", "", "2024-04-05 10:00:00", "BOO-3", "books", "1", "9.90", "9.90", "EUR", "shop.example.fr"])
    web.append(["W990004", "1", "A0013", "", "2024-04-06 10:00:00", "BOO-4", "books", "1", "9.90", "9.90", "CHF", "shop.example.fr"])
    web.append(list(web[0]))  # exact duplicate of Camille's first line
    pos.append(["P990001", "1", "PAR01", "", "31/02/2024 10:00", "VENTE", "HOM-1", "home", "1", "9,90", "9,90"])
    pos.append(["P990002", "1", "PAR01", "", "01/03/2024 10:00", "VENTE", "HOM-2", "home", "1", "9,90", "abc"])
    pos.append(["", "1", "PAR01", "", "02/03/2024 10:00", "VENTE", "HOM-3", "home", "1", "9,90", "9,90"])
    pos.append(list(pos[5]))  # exact duplicate of Chloé's receipt P900005

    write_csv(OUT / "online/web_orders.csv", web_header, web, ",")
    write_csv(OUT / "offline/pos_receipts.csv", pos_header, pos, ";")
    write_csv(OUT / "offline/loyalty_cards.csv",
              ["card_id", "first_name", "last_name", "email", "phone", "postcode", "city", "birth_date", "created"],
              cards + [["L0999999", "Paul", "Petit", "", "06 00 00 00 01", "75011", "Paris", "31/02/1980", "2022-03-15"]], ",")
    with open(OUT / "online/accounts.json", "w", encoding="utf-8") as f:
        for a in accounts:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
        f.write('{"account_id": "A0998", "email": "broken@example.fr", "first_name": \n')  # malformed
        bad = account(None, PLANTED["camille"])
        bad["email"] = "no.key@example.fr"
        f.write(json.dumps(bad, ensure_ascii=False) + "\n")  # missing account_id
    with open(OUT / "online/page_views.jsonl", "w", encoding="utf-8") as f:
        for v in views:
            f.write(json.dumps(v) + "\n")
        f.write(json.dumps({"ts": "2024-02-30T10:00:00Z", "account_id": "A0010", "cookie_id": "ck-bad",
                            "page_category": "books"}) + "\n")


def write_csv(path, header, rows, sep):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(sep.join(header) + "\n")
        for r in rows:
            f.write(sep.join(r) + "\n")


if __name__ == "__main__":
    main()
