package org.digitalbranch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.digitalbranch.config.DatabaseSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which version of the plugin may use a store: the intranet's start upgrades an older one, a
 * maintenance task changes no schema, and nobody writes to a store a newer version upgraded.
 */
class StoreVersionTest {

  @TempDir Path dataDir;

  @BeforeEach
  void onSqlite() {
    assumeFalse(TestStores.postgresql(), "reads the SQLite file of the data folder");
  }

  private static int appliedMigrations(Path dataDir) throws Exception {
    try (Connection c = TestStores.sqliteFile(dataDir.resolve(Database.FILE_NAME)).getConnection();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void aMaintenanceTaskRefusesAStoreAnOlderVersionMadeAndLeavesItAsItWas() throws Exception {
    TestStores.migratedUpTo(dataDir, "17");
    int before = appliedMigrations(dataDir);

    assertThatThrownBy(
            () ->
                Database.openAsItIs(
                    dataDir, DatabaseSettings.sqlite(), getClass().getClassLoader()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("was made by an older version of Digital Branch and needs 1 schema")
        .hasMessageEndingWith("Nothing was changed.");
    assertThat(appliedMigrations(dataDir)).isEqualTo(before);

    Database.open(dataDir, DatabaseSettings.sqlite(), getClass().getClassLoader()).close();
    assertThat(appliedMigrations(dataDir))
        .as("the intranet's start upgrades it")
        .isGreaterThan(before);
    Database.openAsItIs(dataDir, DatabaseSettings.sqlite(), getClass().getClassLoader()).close();
  }

  @Test
  void noVersionOpensAStoreANewerVersionUpgraded() throws Exception {
    Database.open(dataDir, DatabaseSettings.sqlite(), getClass().getClassLoader()).close();
    try (Connection c = TestStores.sqliteFile(dataDir.resolve(Database.FILE_NAME)).getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " checksum, installed_by, installed_on, execution_time, success) VALUES (999,"
              + " '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0, 'x',"
              + " CURRENT_TIMESTAMP, 0, 1)");
    }

    for (boolean task : new boolean[] {false, true}) {
      assertThatThrownBy(
              () ->
                  (task
                          ? Database.openAsItIs(
                              dataDir, DatabaseSettings.sqlite(), getClass().getClassLoader())
                          : Database.open(
                              dataDir, DatabaseSettings.sqlite(), getClass().getClassLoader()))
                      .close())
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("was upgraded by a newer version of Digital Branch (schema 999;")
          .hasMessageContaining("run that version, or restore a backup");
    }
  }
}
