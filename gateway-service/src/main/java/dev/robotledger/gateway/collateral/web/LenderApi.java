package dev.robotledger.gateway.collateral.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.gateway.collateral.LoanProposal;
import dev.robotledger.gateway.collateral.Loans;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The lender's side of a loan, for the {@code lender} role of a gateway that runs as a lender
 * org ({@code gateway.ledger.msp-id=LenderMSP}): propose (verification report first), withdraw,
 * watch margins, check a margin, release, liquidate. Every answer comes after the commit.
 */
@RestController
class LenderApi {

    /** Why a lender releases a loan or withdraws an offer, recorded on the ledger. */
    record Reason(String reason) {
    }

    private final Loans loans;

    LenderApi(Loans loans) {
        this.loans = loans;
    }

    @PostMapping("/api/lending/offers")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<JsonNode> propose(@RequestBody LoanProposal proposal) {
        return blocking(() -> loans.propose(proposal));
    }

    @PostMapping("/api/lending/offers/{loanId}/withdraw")
    Mono<JsonNode> withdraw(@PathVariable String loanId, @RequestBody Reason body) {
        return blocking(() -> loans.withdrawOffer(loanId, body.reason()));
    }

    @GetMapping("/api/lending/loans")
    Mono<JsonNode> loans() {
        return blocking(loans::lentLoans);
    }

    @GetMapping("/api/lending/margin-calls")
    Mono<JsonNode> marginCalls() {
        return blocking(loans::marginCalls);
    }

    @PostMapping("/api/lending/loans/{loanId}/check-margin")
    Mono<JsonNode> checkMargin(@PathVariable String loanId) {
        return blocking(() -> loans.checkMargin(loanId));
    }

    @PostMapping("/api/lending/loans/{loanId}/release")
    Mono<JsonNode> release(@PathVariable String loanId, @RequestBody Reason body) {
        return blocking(() -> loans.releaseByLender(loanId, body.reason()));
    }

    @PostMapping("/api/lending/loans/{loanId}/liquidate")
    Mono<JsonNode> liquidate(@PathVariable String loanId) {
        return blocking(() -> loans.liquidate(loanId));
    }

    /** The loan's private terms; its borrower's gateway answers the same route for the borrower. */
    @GetMapping("/api/loans/{loanId}/terms")
    Mono<JsonNode> terms(@PathVariable String loanId) {
        return blocking(() -> loans.terms(loanId));
    }

    static Mono<JsonNode> blocking(Callable<JsonNode> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
