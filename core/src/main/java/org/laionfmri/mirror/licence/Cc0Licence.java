package org.laionfmri.mirror.licence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.error.LicenseNotAccepted;
import org.laionfmri.mirror.state.LicenceAcceptance;
import org.laionfmri.mirror.state.MirrorState;

/**
 * The dataset's CC0 licence, which must be accepted once per mirror before anything is copied, as the
 * upstream package asks: shown verbatim, accepted by typing {@value #ACCEPT_PHRASE}, remembered with
 * the sha256 of the text that was shown.
 */
public final class Cc0Licence {

    public static final String ACCEPT_PHRASE = "I AGREE";
    public static final String ACCEPT_COMMAND = "laion-mirror accept-license";

    private static final String TEXT = load();
    private static final String TEXT_SHA256 = Sha256.hex(TEXT.getBytes(StandardCharsets.UTF_8));

    private final MirrorState state;
    private final Clock clock;

    public Cc0Licence(MirrorState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** The licence text shown before acceptance. */
    public static String text() {
        return TEXT;
    }

    public static String textSha256() {
        return TEXT_SHA256;
    }

    /** The licence gate of a run: passes when the acceptance is recorded, else {@link LicenseNotAccepted}. */
    public LicenceAcceptance requireAccepted() {
        return state.licence().orElseThrow(() -> new LicenseNotAccepted(
                "The LAION-fMRI CC0 licence has not been accepted for this mirror. Read it and accept it with: " + ACCEPT_COMMAND));
    }

    /** Records that {@code acceptedBy} (a caller identity) accepted, giving {@code name}; the first acceptance stands. */
    public LicenceAcceptance accept(String acceptedBy, String name) {
        return state.acceptLicence(new LicenceAcceptance(acceptedBy, name, clock.instant(), TEXT_SHA256));
    }

    private static String load() {
        try (InputStream in = Cc0Licence.class.getResourceAsStream("/licence/cc0.txt")) {
            if (in == null) {
                throw new IllegalStateException("/licence/cc0.txt is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
