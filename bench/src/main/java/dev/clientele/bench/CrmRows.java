package dev.clientele.bench;

import static dev.clientele.bench.SourceRows.row;
import static dev.clientele.bench.SourceRows.strings;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The "messy CRM" source: contact records typed by hand into a CRM, one to three per person for a
 * share of the persons ({@link GenParams#crmShare()}), with the errors such a file has: nicknames,
 * first and last names swapped, name typos, missing names, e-mails and phones, e-mails in other
 * cases, phones in other formats, birth dates missing, with day and month swapped (unreadable when
 * the day is above 12) or one digit off, postcodes missing. The truth (person id per contact) is
 * kept like the other sources'; a contact never shares an identifier with another person.
 */
final class CrmRows {
  /** Its own random stream, so enabling the CRM changes no other source. */
  private static final long STREAM = 41;

  static final StructType CONTACTS =
      strings(
          "contact_id",
          "first_name",
          "last_name",
          "email",
          "phone",
          "birth_date",
          "postcode",
          "city");

  /** French short forms the generator's first names are often typed as. */
  static final Map<String, String> NICKNAMES =
      Map.ofEntries(
          Map.entry("Alexandre", "Alex"),
          Map.entry("Nicolas", "Nico"),
          Map.entry("Sébastien", "Seb"),
          Map.entry("Mathieu", "Math"),
          Map.entry("Maxime", "Max"),
          Map.entry("Isabelle", "Isa"),
          Map.entry("Nathalie", "Nath"),
          Map.entry("Elodie", "Elo"),
          Map.entry("Florian", "Flo"),
          Map.entry("Antoine", "Toni"),
          Map.entry("Camille", "Cam"),
          Map.entry("Jérôme", "Jérem"),
          Map.entry("François", "Fanfan"),
          Map.entry("Pauline", "Popo"));

  private CrmRows() {}

  static List<Row> contacts(GenParams g, Person p) {
    SimRandom rnd = new SimRandom(g.seed(), p.id, STREAM);
    if (!rnd.chance(g.crmShare())) {
      return List.of();
    }
    int n = 1 + rnd.below(3);
    List<Row> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String key = "CRM" + p.id + "-" + i;
      String first =
          rnd.chance(0.15) ? NICKNAMES.getOrDefault(p.firstName, p.firstName) : p.firstName;
      String last = rnd.chance(0.15) ? Typos.typo(p.lastName, rnd) : p.lastName;
      if (rnd.chance(0.05)) {
        String t = first;
        first = last;
        last = t;
      }
      if (rnd.chance(0.05)) {
        first = null;
      }
      out.add(
          row(
              key,
              first,
              last,
              email(p, rnd),
              phone(p, rnd),
              birthDate(p, rnd),
              rnd.chance(0.2) ? null : p.place[0],
              rnd.chance(0.1) ? null : p.place[1],
              key,
              p.personId(),
              false));
    }
    return out;
  }

  private static String email(Person p, SimRandom rnd) {
    if (rnd.chance(0.5)) {
      return null;
    }
    return rnd.chance(0.2) ? p.email.toUpperCase() : p.email;
  }

  private static String phone(Person p, SimRandom rnd) {
    if (rnd.chance(0.5)) {
      return null;
    }
    return rnd.chance(0.5) ? SourceRows.spaced(p.mobile) : "+33 " + p.mobile;
  }

  private static String birthDate(Person p, SimRandom rnd) {
    double u = rnd.uniform();
    if (u < 0.3) {
      return null;
    }
    LocalDate d = LocalDate.parse(p.birthDate);
    if (u < 0.4) {
      // Day and month swapped: a date that does not exist when the day is above 12.
      return String.format("%04d-%02d-%02d", d.getYear(), d.getDayOfMonth(), d.getMonthValue());
    }
    if (u < 0.45) {
      return d.plusDays(rnd.chance(0.5) ? 1 : -1).toString();
    }
    return d.toString();
  }
}
