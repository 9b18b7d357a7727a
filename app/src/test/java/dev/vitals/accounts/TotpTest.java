package dev.vitals.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.accounts.Totp.Accepted;
import dev.vitals.accounts.Totp.Refused;
import dev.vitals.accounts.Totp.Why;
import dev.vitals.testkit.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpTest {
    /** The SHA1 seed of RFC 6238 appendix B: the ASCII digits 1 to 0, twice. */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private static final String SECRET = Base32.encode(RFC_SEED);
    private final SettableClock clock = SettableClock.at("2026-03-01T10:00:10Z");
    private final Totp totp = new Totp(clock);

    private String codeAt(Instant t) {
        return Totp.code(RFC_SEED, Totp.step(t), 6);
    }

    private String codeNow() {
        return codeAt(clock.instant());
    }

    @ParameterizedTest
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130",
    })
    void theSha1VectorsOfRfc6238AppendixBComeOut(long seconds, String expected) {
        assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(seconds)), 8))
                .isEqualTo(expected);
    }

    @Test
    void sixDigitCodesAreTheLastSixOfTheRfcValues() {
        assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(59)), 6)).isEqualTo("287082");
        assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(1111111109)), 6))
                .isEqualTo("081804");
    }

    @Test
    void theCodeOfTheCurrentStepIsAcceptedAndItsStepReturned() {
        assertThat(totp.verify(SECRET, codeNow(), OptionalLong.empty()))
                .isEqualTo(new Accepted(Totp.step(clock.instant())));
    }

    @Test
    void codesOneStepEarlyOrLateAreAcceptedButNotTwo() {
        Instant now = clock.instant();
        long step = Totp.step(now);
        assertThat(totp.verify(SECRET, codeAt(now.minus(Totp.STEP)), OptionalLong.empty()))
                .isEqualTo(new Accepted(step - 1));
        assertThat(totp.verify(SECRET, codeAt(now.plus(Totp.STEP)), OptionalLong.empty()))
                .isEqualTo(new Accepted(step + 1));
        assertThat(totp.verify(SECRET, codeAt(now.minus(Totp.STEP.multipliedBy(2))), OptionalLong.empty()))
                .isEqualTo(new Refused(Why.WRONG));
        assertThat(totp.verify(SECRET, codeAt(now.plus(Totp.STEP.multipliedBy(2))), OptionalLong.empty()))
                .isEqualTo(new Refused(Why.WRONG));
    }

    @Test
    void aCodeStopsWorkingExactlyWhenTheStepAfterTheNextBegins() {
        clock.set(Instant.parse("2026-03-01T10:00:00Z")); // the first second of a step
        String code = codeNow();
        clock.set(Instant.parse("2026-03-01T10:00:59Z")); // last second of the next step
        assertThat(totp.verify(SECRET, code, OptionalLong.empty())).isInstanceOf(Accepted.class);
        clock.set(Instant.parse("2026-03-01T10:01:00Z"));
        assertThat(totp.verify(SECRET, code, OptionalLong.empty())).isEqualTo(new Refused(Why.WRONG));
    }

    @Test
    void aCodeIsRefusedTheSecondTime() {
        Accepted first = (Accepted) totp.verify(SECRET, codeNow(), OptionalLong.empty());
        assertThat(totp.verify(SECRET, codeNow(), OptionalLong.of(first.step())))
                .isEqualTo(new Refused(Why.REPLAYED));
    }

    @Test
    void anEarlierCodeIsRefusedOnceALaterOneWasUsed() {
        String previous = codeAt(clock.instant().minus(Totp.STEP));
        Accepted current = (Accepted) totp.verify(SECRET, codeNow(), OptionalLong.empty());
        assertThat(totp.verify(SECRET, previous, OptionalLong.of(current.step())))
                .isEqualTo(new Refused(Why.REPLAYED));
    }

    @Test
    void theNextCodeIsAcceptedAfterOneWasUsed() {
        Accepted first = (Accepted) totp.verify(SECRET, codeNow(), OptionalLong.empty());
        clock.advance(Duration.ofSeconds(30));
        assertThat(totp.verify(SECRET, codeNow(), OptionalLong.of(first.step())))
                .isEqualTo(new Accepted(first.step() + 1));
    }

    @Test
    void spacesAroundAndInsideTheCodeAreIgnored() {
        String code = codeNow();
        String spaced = " " + code.substring(0, 3) + " " + code.substring(3) + "\t\n";
        assertThat(totp.verify(SECRET, spaced, OptionalLong.empty())).isInstanceOf(Accepted.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12345", "1234567", "12345a", "abcdef", "12-456", "١٢٣٤٥٦", "+12345"})
    void aCodeThatIsNotSixDigitsIsRefusedAsMalformed(String code) {
        Totp.Check check = totp.verify(SECRET, code, OptionalLong.empty());
        assertThat(check).isEqualTo(new Refused(Why.MALFORMED));
        assertThat(((Refused) check).words()).contains("6 digits");
    }

    @Test
    void aSecretThatIsNotBase32IsAFaultNotAWrongCode() {
        assertThatThrownBy(() -> totp.verify("not base32!", "123456", OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Totp.isSecret("not base32!")).isFalse();
        assertThat(Totp.isSecret("")).isFalse();
    }

    @Test
    void newSecretsAre160RandomBitsInBase32() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String s = totp.newSecret();
            assertThat(s).matches("[A-Z2-7]{32}");
            assertThat(Base32.decode(s).orElseThrow()).hasSize(20);
            assertThat(Totp.isSecret(s)).isTrue();
            seen.add(s);
        }
        assertThat(seen).hasSize(50);
    }

    @Test
    void aNewSecretWorksWithTheCodesItMakes() {
        String secret = totp.newSecret();
        byte[] key = Base32.decode(secret).orElseThrow();
        String code = Totp.code(key, Totp.step(clock.instant()), 6);
        assertThat(totp.verify(secret, code, OptionalLong.empty())).isInstanceOf(Accepted.class);
        assertThat(totp.verify(secret.toLowerCase(java.util.Locale.ROOT), code, OptionalLong.empty()))
                .isInstanceOf(Accepted.class);
    }

    @Test
    void theEnrolmentUriNamesVitalsAndEncodesTheAccount() {
        assertThat(Totp.enrolmentUri("JBSWY3DPEHPK3PXP", "ada"))
                .isEqualTo("otpauth://totp/Vitals:ada?secret=JBSWY3DPEHPK3PXP&issuer=Vitals");
        assertThat(Totp.enrolmentUri("JBSWY3DPEHPK3PXP", "Ada Lovelace:ops&co"))
                .isEqualTo("otpauth://totp/Vitals:Ada%20Lovelace%3Aops%26co?secret=JBSWY3DPEHPK3PXP&issuer=Vitals");
    }

    @ParameterizedTest
    @CsvSource({
        "'', ''",
        "f, MY",
        "fo, MZXQ",
        "foo, MZXW6",
        "foob, MZXW6YQ",
        "fooba, MZXW6YTB",
        "foobar, MZXW6YTBOI",
    })
    void base32MatchesTheVectorsOfRfc4648WithoutPadding(String plain, String encoded) {
        assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
        assertThat(Base32.decode(encoded))
                .hasValueSatisfying(b ->
                        assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo(plain));
    }

    @Test
    void base32DecodingAcceptsPaddingSpacesAndLowerCaseAndRefusesOtherLetters() {
        assertThat(Base32.decode("mzxw 6ytb oi======"))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertThat(Base32.decode("MZXW1")).isEmpty();
        assertThat(Base32.decode("MZXW8")).isEmpty();
    }
}
