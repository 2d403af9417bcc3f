package dev.robotledger.gateway.collateral.web;

import dev.robotledger.gateway.collateral.LoanPayments;
import dev.robotledger.gateway.collateral.LoanTerms;
import dev.robotledger.gateway.collateral.Loans;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The borrower's side, for the {@code operator} role of a gateway that runs as a custodian org
 * (a manufacturer, or a retailer's own gateway): the offers made to it, accepting one by pledging
 * it, its loans, and with its Lightning node an invoice for the principal and the repayment, which
 * releases the lien with the preimage it buys (or release with a preimage got otherwise).
 */
@RestController
class BorrowerApi {

    /** The terms the lender gave the borrower (off the ledger), and optionally the pledge's event id. */
    record Acceptance(LoanTerms terms, String eventId) {}

    record Preimage(String preimageHex) {}

    private final Loans loans;
    private final LoanPayments payments;

    BorrowerApi(Loans loans, LoanPayments payments) {
        this.loans = loans;
        this.payments = payments;
    }

    /** An invoice of this org's node for the principal, for the lender to pay. */
    @PostMapping("/api/borrowing/loans/{loanId}/principal-invoice")
    Mono<JsonNode> principalInvoice(@PathVariable String loanId) {
        return LenderApi.blocking(() -> LenderApi.invoice(payments.invoiceForPrincipal(loanId)));
    }

    /** Pays the lender's repayment invoice and, once it is settled, releases the lien with the preimage. */
    @PostMapping("/api/borrowing/loans/{loanId}/repay")
    Mono<JsonNode> repay(@PathVariable String loanId, @RequestBody LenderApi.Invoice body) {
        return LenderApi.blocking(() -> payments.repay(loanId, body.paymentRequest()));
    }

    @GetMapping("/api/borrowing/offers")
    Mono<JsonNode> offers() {
        return LenderApi.blocking(loans::offersToMe);
    }

    @PostMapping("/api/borrowing/offers/{loanId}/accept")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<JsonNode> accept(@PathVariable String loanId, @RequestBody Acceptance body) {
        return LenderApi.blocking(() -> loans.accept(loanId, body.terms(), body.eventId()));
    }

    @GetMapping("/api/borrowing/loans")
    Mono<JsonNode> loans() {
        return LenderApi.blocking(loans::borrowedLoans);
    }

    @PostMapping("/api/borrowing/loans/{loanId}/release")
    Mono<JsonNode> release(@PathVariable String loanId, @RequestBody Preimage body) {
        return LenderApi.blocking(() -> loans.releaseWithPreimage(loanId, body.preimageHex()));
    }
}
