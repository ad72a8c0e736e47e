package org.digitalbranch.archive;

import java.util.Locale;
import java.util.Optional;

/**
 * The filters a librarian can type ({@code status:answered}) or the API can pass as parameters
 * ({@code ?status=answered}). Several values of one filter mean any of them; different filters must
 * all hold. Dates are days ({@code yyyy-mm-dd}) in the library's time zone, both inclusive.
 */
public enum SearchFilter {
  PLATFORM(ArchiveSchema.PLATFORM),
  ACCOUNT(ArchiveSchema.ACCOUNT),
  KIND(ArchiveSchema.KIND),
  STATUS(ArchiveSchema.STATUS),
  STAFF(ArchiveSchema.STAFF),
  TOPIC(ArchiveSchema.TOPIC),
  FROM(null),
  TO(null);

  private final String field;

  SearchFilter(String field) {
    this.field = field;
  }

  /** The name in the query language and in the API: {@code platform}, {@code from}, ... */
  public String parameter() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The keyword field it filters on, or null for the date bounds. */
  String field() {
    return field;
  }

  public static Optional<SearchFilter> fromParameter(String name) {
    for (SearchFilter filter : values()) {
      if (filter.parameter().equalsIgnoreCase(name)) {
        return Optional.of(filter);
      }
    }
    return Optional.empty();
  }
}
