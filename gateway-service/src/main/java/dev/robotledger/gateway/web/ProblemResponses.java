package dev.robotledger.gateway.web;

import dev.robotledger.contract.ErrorCode;
import dev.robotledger.gateway.certificate.CertificateIncompleteException;
import dev.robotledger.gateway.collateral.CollateralNotEligibleException;
import dev.robotledger.gateway.collateral.LoanPaymentRefusedException;
import dev.robotledger.gateway.consumer.NotPublicException;
import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.ledger.LedgerException;
import dev.robotledger.gateway.lightning.LightningException;
import dev.robotledger.gateway.provenance.ProvenanceTooLargeException;
import dev.robotledger.gateway.provenance.UnknownGoodException;
import dev.robotledger.gateway.robots.InvalidRegistrationException;
import dev.robotledger.gateway.robots.RobotConflictException;
import dev.robotledger.gateway.robots.UnknownRobotException;
import dev.robotledger.gateway.telemetry.ReadingNotBatchedException;
import dev.robotledger.gateway.telemetry.UnknownReadingException;
import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Maps refusals to RFC 7807 problem details whose detail names the offending id or value. Extends
 * Spring's handler of framework errors (it replaces Boot's) so that unreadable input names the
 * parameter and value too, not just "Type mismatch.".
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final Set<ErrorCode> NOT_THIS_ORG = Set.of(
            ErrorCode.FORBIDDEN_ORG,
            ErrorCode.NOT_LENDER,
            ErrorCode.NOT_CUSTODIAN,
            ErrorCode.NOT_LOAN_PARTY,
            ErrorCode.NOT_TRANSFER_RECIPIENT,
            ErrorCode.NOT_PRODUCER);
    private static final Set<ErrorCode> NOT_FOUND =
            Set.of(ErrorCode.LIEN_NOT_FOUND, ErrorCode.LOAN_OFFER_NOT_FOUND, ErrorCode.GOOD_NOT_FOUND);
    // Qualified Java type names as framework messages print them (java.lang.String,
    // reactor.core.publisher.Mono<...>, a.b.Outer$Inner): internals, meaningless to a client.
    private static final Pattern TYPE_NAME =
            Pattern.compile("`?(?:[a-z_][a-z0-9_]*\\.)+[A-Z][\\w$]*(?:<[^>\\s]*>+)?`?");

    private final ClientMistakes mistakes;

    ProblemResponses(ClientMistakes mistakes) {
        this.mistakes = mistakes;
    }

    @ExceptionHandler(UnknownRobotException.class)
    ProblemDetail unknownRobot(UnknownRobotException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown robot", e.getMessage());
    }

    @ExceptionHandler(UnknownReadingException.class)
    ProblemDetail unknownReading(UnknownReadingException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown reading", e.getMessage());
    }

    @ExceptionHandler(ReadingNotBatchedException.class)
    ProblemDetail notBatched(ReadingNotBatchedException e) {
        return problem(HttpStatus.CONFLICT, "Reading not yet in an anchor batch", e.getMessage());
    }

    @ExceptionHandler(UnknownGoodException.class)
    ProblemDetail unknownGood(UnknownGoodException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown good", e.getMessage());
    }

    @ExceptionHandler(NotPublicException.class)
    ProblemDetail notPublic(NotPublicException e) {
        return problem(HttpStatus.NOT_FOUND, "Not public", e.getMessage());
    }

    @ExceptionHandler(ProvenanceTooLargeException.class)
    ProblemDetail tooLarge(ProvenanceTooLargeException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Provenance larger than the bounds", e.getMessage());
    }

    @ExceptionHandler(CertificateIncompleteException.class)
    ProblemDetail certificateIncomplete(CertificateIncompleteException e) {
        return problem(HttpStatus.CONFLICT, "Certificate cannot be issued", e.getMessage());
    }

    @ExceptionHandler(RobotConflictException.class)
    ProblemDetail conflict(RobotConflictException e) {
        return problem(HttpStatus.CONFLICT, "Robot registration conflict", e.getMessage());
    }

    /**
     * The chaincode refused a transaction or query: the status says what kind of refusal (this org
     * may not, not found, bad argument, not in the state it must be), {@code code} the contract's own.
     */
    @ExceptionHandler(ChaincodeRefusedException.class)
    ProblemDetail chaincodeRefused(ChaincodeRefusedException e) {
        ProblemDetail problem = problem(refusalStatus(e.code()), "Refused by the chaincode: " + e.code(), e.detail());
        problem.setProperty("code", e.code().name());
        e.transactionId().ifPresent(transactionId -> problem.setProperty("transactionId", transactionId));
        return problem;
    }

    static HttpStatus refusalStatus(ErrorCode code) {
        if (NOT_THIS_ORG.contains(code)) {
            return HttpStatus.FORBIDDEN;
        }
        if (NOT_FOUND.contains(code)) {
            return HttpStatus.NOT_FOUND;
        }
        return switch (code) {
            case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
            // The robot may not record this event (what it is, where it stands): not the caller's right.
            case ROBOT_NOT_CAPABLE, NOT_INSPECTION_STATION -> HttpStatus.FORBIDDEN;
            case PREIMAGE_MISMATCH, RESULT_TOO_LARGE, PROVENANCE_TOO_LARGE -> HttpStatus.UNPROCESSABLE_CONTENT;
            default -> HttpStatus.CONFLICT;
        };
    }

    @ExceptionHandler(CollateralNotEligibleException.class)
    ProblemDetail notEligible(CollateralNotEligibleException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Collateral not eligible", e.getMessage());
        problem.setProperty("code", "NOT_ELIGIBLE");
        problem.setProperty("reasons", e.report().path("reasons"));
        return problem;
    }

    @ExceptionHandler(LoanPaymentRefusedException.class)
    ProblemDetail loanPaymentRefused(LoanPaymentRefusedException e) {
        HttpStatus status = switch (e.reason()) {
            case NOT_PARTY -> HttpStatus.FORBIDDEN;
            case NO_LIGHTNING_NODE -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.CONFLICT;
        };
        ProblemDetail problem = problem(status, "Loan payment refused: " + e.reason(), e.getMessage());
        problem.setProperty("code", e.reason().name());
        return problem;
    }

    /** The gateway's Lightning node failed or refused: unavailable (503) when unreachable, else 502. */
    @ExceptionHandler(LightningException.class)
    ProblemDetail lightningFailed(LightningException e) {
        ProblemDetail problem = e.failure() == LightningException.Failure.UNREACHABLE
                ? problem(HttpStatus.SERVICE_UNAVAILABLE, "Lightning node unreachable", e.getMessage())
                : problem(HttpStatus.BAD_GATEWAY, "Lightning node refused", e.getMessage());
        problem.setProperty("code", "LIGHTNING_" + e.failure().name());
        return problem;
    }

    /** Any other ledger failure: unavailable for now (503) when a retry may pass, else refused (502). */
    @ExceptionHandler(LedgerException.class)
    ProblemDetail ledgerFailed(LedgerException e) {
        ProblemDetail problem = e.retryable()
                ? problem(HttpStatus.SERVICE_UNAVAILABLE, "Ledger unavailable", e.getMessage())
                : problem(HttpStatus.BAD_GATEWAY, "Ledger refused the transaction", e.getMessage());
        e.transactionId().ifPresent(transactionId -> problem.setProperty("transactionId", transactionId));
        return problem;
    }

    @ExceptionHandler({InvalidRegistrationException.class, IllegalArgumentException.class})
    ProblemDetail invalid(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
    }

    @ExceptionHandler(ServerExchangeRejectedException.class)
    ProblemDetail rejected(ServerExchangeRejectedException e, ServerWebExchange exchange) {
        HttpStatus status = RejectedRequests.status(exchange);
        mistakes.refused(exchange, status.value(), e.getMessage());
        return RejectedRequests.problem(status, e);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException e, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (e.getCause() instanceof TypeMismatchException mismatch && e.getMethodParameter() != null) {
            e.getBody()
                    .setDetail(e.getMethodParameter().getParameterName() + " must be of type "
                            + (mismatch.getRequiredType() == null
                                    ? "?"
                                    : mismatch.getRequiredType().getSimpleName())
                            + ", was '" + mismatch.getValue() + "'");
        } else if (e.getCause() instanceof DecodingException unreadable) {
            e.getBody()
                    .setDetail("the request body is not what this endpoint reads: "
                            + unreadableBody(unreadable.getMostSpecificCause()));
        } else if (e.getReason() != null) {
            // The default detail names the handler's parameter type.
            e.getBody().setDetail(e.getReason());
        }
        return super.handleServerWebInputException(e, headers, status, exchange);
    }

    // What was wrong, in JSON's terms: where, and what kind of value belongs there.
    private static String unreadableBody(Throwable cause) {
        if (cause instanceof MismatchedInputException mismatch) {
            return "at " + jsonPath(mismatch) + " " + jsonKind(mismatch.getTargetType()) + " is expected";
        }
        if (cause instanceof JacksonException json) {
            TokenStreamLocation at = json.getLocation();
            String message = json.getOriginalMessage().lines().findFirst().orElse("");
            // Jackson's "(start marker at [Source: REDACTED ...])" says nothing a client can use.
            int source = message.indexOf(" (start marker at");
            return (source < 0 ? message : message.substring(0, source))
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        // A record's constructor refused a value: its message names the field and value.
        return String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
    }

    private static String jsonPath(MismatchedInputException mismatch) {
        StringBuilder path = new StringBuilder("$");
        for (JacksonException.Reference step : mismatch.getPath()) {
            path.append(step.getPropertyName() != null ? "." + step.getPropertyName() : "[" + step.getIndex() + "]");
        }
        return path.toString();
    }

    private static String jsonKind(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** Every framework refusal: no Java type names in the detail, one rate-limited WARN line for a 4xx. */
    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (body instanceof ProblemDetail problem && problem.getDetail() != null) {
            problem.setDetail(TYPE_NAME.matcher(problem.getDetail()).replaceAll("the expected type"));
            if (status.is4xxClientError()) {
                mistakes.refused(exchange, status.value(), problem.getDetail());
            }
        }
        return super.createResponseEntity(body, headers, status, exchange);
    }

    /** Anything unforeseen: a problem detail too, without internals; the cause goes to the log. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, ServerWebExchange exchange) {
        log.error(
                "{} {} failed",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error",
                "the gateway could not answer " + exchange.getRequest().getMethod() + " "
                        + exchange.getRequest().getPath() + "; the cause is in its log");
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
