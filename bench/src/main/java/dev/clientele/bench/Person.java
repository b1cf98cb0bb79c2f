package dev.clientele.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One simulated person: identity attributes, where they are known (online, offline or both, and how
 * the two records can be linked), their latent BG/NBD and Gamma-Gamma parameters and their orders.
 * Everything follows from (seed, id), so each output can recompute it independently.
 */
final class Person {
  enum Presence {
    ONLINE,
    OFFLINE,
    BOTH
  }

  enum Link {
    NONE,
    EMAIL,
    CARD,
    PHONE
  }

  static final String[] FIRST = {
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Sarah",
    "Julie",
    "Laura",
    "Marie",
    "Anaïs",
    "Pauline",
    "Claire",
    "Lucie",
    "Elodie",
    "Nathalie",
    "Sophie",
    "Isabelle",
    "Céline",
    "Thomas",
    "Nicolas",
    "Julien",
    "Maxime",
    "Lucas",
    "Hugo",
    "Antoine",
    "Alexandre",
    "Pierre",
    "Romain",
    "Kevin",
    "Quentin",
    "Mathieu",
    "Florian",
    "Jérôme",
    "Olivier",
    "Sébastien",
    "François",
    "Mehdi",
    "Karim",
    "Yann"
  };
  static final String[] LAST = {
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guerin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas"
  };
  static final String[][] PLACES = {
    {"75011", "Paris", "Île-de-France", "urban"},
    {"69003", "Lyon", "Auvergne-Rhône-Alpes", "urban"},
    {"13008", "Marseille", "Provence-Alpes-Côte d'Azur", "urban"},
    {"31000", "Toulouse", "Occitanie", "urban"},
    {"33000", "Bordeaux", "Nouvelle-Aquitaine", "urban"},
    {"59000", "Lille", "Hauts-de-France", "urban"},
    {"44000", "Nantes", "Pays de la Loire", "urban"},
    {"67000", "Strasbourg", "Grand Est", "urban"},
    {"35000", "Rennes", "Bretagne", "urban"},
    {"21000", "Dijon", "Bourgogne-Franche-Comté", "urban"},
    {"24200", "Sarlat-la-Canéda", "Nouvelle-Aquitaine", "rural"},
    {"48000", "Mende", "Occitanie", "rural"},
    {"15000", "Aurillac", "Auvergne-Rhône-Alpes", "rural"},
    {"29270", "Carhaix-Plouguer", "Bretagne", "rural"},
    {"52000", "Chaumont", "Grand Est", "rural"}
  };
  static final String[] DOMAINS = {"gmail.com", "orange.fr", "free.fr", "outlook.com", "yahoo.fr"};

  final long id;
  final Presence presence;
  final Link link;
  final String firstName;
  final String lastName;
  final String offlineLastName;
  final String email;
  final String mobile; // nine national digits, e.g. 612345678
  final String birthDate;
  final String gender;
  final String[] place;
  final double lambda;
  final double dropout;
  final double nu;
  final List<Order> orders;

  Person(GenParams g, long id) {
    SimRandom rnd = new SimRandom(g.seed(), id, 1);
    this.id = id;
    double u = rnd.uniform();
    double rest = 1 - g.overlap();
    presence =
        u < g.overlap()
            ? Presence.BOTH
            : u < g.overlap() + rest * 0.55 ? Presence.ONLINE : Presence.OFFLINE;
    link =
        presence != Presence.BOTH
            ? Link.NONE
            : rnd.pick(new Link[] {Link.EMAIL, Link.CARD, Link.PHONE});
    gender = rnd.chance(0.5) ? "F" : "M";
    firstName = rnd.pick(FIRST);
    lastName = rnd.pick(LAST);
    offlineLastName = rnd.chance(0.3) ? Typos.typo(lastName, rnd) : lastName;
    // Unique per person, as a mailbox and a mobile are: the id in the e-mail (names end in a
    // letter, so "name" + id is unambiguous), and the id through a bijection of [0, 10^8) in the
    // mobile (48271 is coprime to 10^8). A shared identifier would merge two people by rule.
    email =
        Typos.ascii(firstName + "." + lastName).toLowerCase()
            + id
            + "@"
            + DOMAINS[(int) Math.floorMod(id, (long) DOMAINS.length)];
    mobile =
        (rnd.chance(0.8) ? "6" : "7")
            + String.format("%08d", Math.floorMod(id * 48_271L + 12_345_679L, 100_000_000L));
    birthDate = g.start().minusYears(18 + rnd.below(60)).minusDays(rnd.below(365)).toString();
    place = rnd.pick(PLACES);
    lambda = rnd.gamma(g.r(), g.alpha());
    dropout = rnd.beta(g.a(), g.b());
    nu = rnd.gamma(g.ggQ(), g.ggGamma());
    orders = simulateOrders(g, new SimRandom(g.seed(), id, 2));
  }

  /** BG/NBD: a Poisson process of rate lambda; after each purchase the person leaves w.p. p. */
  private List<Order> simulateOrders(GenParams g, SimRandom rnd) {
    List<Order> out = new ArrayList<>();
    double periodWeeks = g.weeks();
    double t = rnd.uniform() * periodWeeks * 0.75;
    int k = 0;
    while (t < periodWeeks) {
      out.add(Order.draw(g, this, k++, t, rnd));
      if (rnd.chance(dropout) || k >= 500) {
        break;
      }
      t += rnd.exponential(lambda);
    }
    return out;
  }

  boolean online() {
    return presence != Presence.OFFLINE;
  }

  boolean offline() {
    return presence != Presence.ONLINE;
  }

  String accountId() {
    // mix is a bijection of the 64-bit integers: distinct ids give distinct account ids.
    return "A" + Long.toHexString(SimRandom.mix(id ^ 0x5bd1e995L)).toUpperCase();
  }

  String cardNo() {
    // An affine map with a multiplier prime to 10 is a bijection modulo 10^13: no two cards clash.
    return String.format("29%013d", Math.floorMod(id * 7919L + 104_729L, 10_000_000_000_000L));
  }

  String personId() {
    return "P" + id;
  }
}
