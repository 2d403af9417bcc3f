package dev.robotledger.wire.certificate;

import dev.robotledger.wire.certificate.CertificateCheck.Step;
import java.util.List;

/** Every check of a {@link ProvenanceCertificate}, in order; valid when none failed. */
public record CertificateVerification(List<CertificateCheck> checks) {

    public CertificateVerification {
        checks = List.copyOf(checks);
    }

    /** True when no check failed ({@code ABSENT} coverage is reported, not failed). */
    public boolean valid() {
        return checks.stream().noneMatch(CertificateCheck::failed);
    }

    public List<CertificateCheck> failures() {
        return checks.stream().filter(CertificateCheck::failed).toList();
    }

    public List<CertificateCheck> checks(Step step) {
        return checks.stream().filter(check -> check.step() == step).toList();
    }
}
