package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import javax.sql.DataSource;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.queue.Transactor;
import org.digitalbranch.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeopleNamesTest {

  @TempDir Path folder;

  private static IntranetUser user(String name, String displayName) {
    return new IntranetUser(name, displayName, Set.of("digital-branch.staff"));
  }

  @Test
  void aColleagueSeenOnceIsNamedAsTheIntranetNamesThemEvenAfterARestart() {
    DataSource store = TestStores.migrated(folder);
    PeopleNames people = new PeopleNames(Transactor.over(store), Clock.systemUTC());
    people.saw(user("jlee", "Jordan Lee"));

    assertThat(people.shown("jlee")).isEqualTo("Jordan Lee");
    PeopleNames afterRestart = new PeopleNames(Transactor.over(store), Clock.systemUTC());
    assertThat(afterRestart.shown("jlee")).isEqualTo("Jordan Lee");
  }

  @Test
  void aRenameInTheIntranetIsTakenAtThePersonsNextVisitAndKept() {
    DataSource store = TestStores.migrated(folder);
    PeopleNames people = new PeopleNames(Transactor.over(store), Clock.systemUTC());
    people.saw(user("jlee", "Jordan Lee"));

    people.saw(user("jlee", "Jordan Lee-Park"));

    assertThat(people.shown("jlee")).isEqualTo("Jordan Lee-Park");
    assertThat(new PeopleNames(Transactor.over(store), Clock.systemUTC()).shown("jlee"))
        .isEqualTo("Jordan Lee-Park");
  }

  @Test
  void aStoreThatCannotTakeTheNameNowDoesNotRefuseThePersonsRequest() {
    DataSource store = TestStores.migrated(folder);
    PeopleNames people = new PeopleNames(Transactor.over(store), Clock.systemUTC());
    Transactor readsButCannotWrite =
        new Transactor() {
          @Override
          public <T> T inTransaction(Work<T> work) {
            throw new IllegalStateException("the database is busy");
          }

          @Override
          public <T> T read(Work<T> work) {
            return Transactor.over(store).read(work);
          }
        };
    PeopleNames busy = new PeopleNames(readsButCannotWrite, Clock.systemUTC());

    busy.saw(user("jlee", "Jordan Lee"));

    assertThat(busy.shown("jlee")).isEqualTo("Jordan Lee");
    assertThat(people.shown("jlee")).isEqualTo("jlee");
  }

  @Test
  void someoneNeverSeenOrWithoutANameIsShownByTheirSignInName() {
    PeopleNames people =
        new PeopleNames(Transactor.over(TestStores.migrated(folder)), Clock.systemUTC());
    people.saw(user("kpatel", " "));

    assertThat(people.shown("kpatel")).isEqualTo("kpatel");
    assertThat(people.shown("system")).isEqualTo("system");
    assertThat(people.shown(null)).isNull();
  }
}
