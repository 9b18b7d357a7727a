package dev.vitals.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ResultWriterTest {
    @Test
    void aValueOrConstraintTheDatabaseRefusesIsTheDataNotAnOutage() {
        assertThat(ResultWriter.refusesData(new RuntimeException(new SQLException("invalid byte sequence", "22021"))))
                .isTrue();
        assertThat(ResultWriter.refusesData(new RuntimeException(new SQLException("duplicate key", "23505"))))
                .isTrue();
        assertThat(ResultWriter.refusesData(new SQLException("[SQLITE_CONSTRAINT_NOTNULL] NOT NULL constraint failed")))
                .isTrue();
    }

    @Test
    void aDatabaseThatTakesNoWritesIsAnOutageAndRowsWait() {
        assertThat(ResultWriter.refusesData(new RuntimeException(new SQLException("connection lost", "08006"))))
                .isFalse();
        assertThat(ResultWriter.refusesData(new RuntimeException(new SQLException("read-only transaction", "25006"))))
                .isFalse();
        assertThat(ResultWriter.refusesData(new SQLException("[SQLITE_BUSY] The database file is locked")))
                .isFalse();
        assertThat(ResultWriter.refusesData(new SQLException("[SQLITE_FULL] database or disk is full")))
                .isFalse();
    }
}
