package dev.robotledger.gateway.collateral.web;

import dev.robotledger.gateway.collateral.LoanPayments;
import dev.robotledger.gateway.collateral.LoanProposal;
import dev.robotledger.gateway.collateral.Loans;
import dev.robotledger.gateway.lightning.HoldInvoiceSettlement;
import dev.robotledger.gateway.lightning.NewInvoice;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The lender's side of a loan, for the {@code lender} role of a gateway that runs as a lender
 * org ({@code gateway.ledger.msp-id=LenderMSP}): propose (verification report first), withdraw,
 * watch margins, check a margin, release, liquidate; with its Lightning node, pay the principal out
 * and issue the repayment invoice (which the gateway settles by itself once it is paid in full).
 * Every answer comes after the commit.
 */
@RestController
class LenderApi {

    /** Why a lender releases a loan or withdraws an offer, recorded on the ledger. */
    record Reason(String reason) {}

    /** A BOLT 11 payment request another party's node issued. */
    record Invoice(String paymentRequest) {}

    private final Loans loans;
    private final LoanPayments payments;

    LenderApi(Loans loans, LoanPayments payments) {
        this.loans = loans;
        this.payments = payments;
    }

    /** Without a {@code paymentHash}, the release hash is made by this gateway's Lightning node. */
    @PostMapping("/api/lending/offers")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<JsonNode> propose(@RequestBody LoanProposal proposal) {
        return blocking(() -> loans.propose(
                proposal.paymentHash() != null
                        ? proposal
                        : proposal.withPaymentHash(
                                payments.releaseHash(proposal.loanId()).hex())));
    }

    /** Pays the borrower's invoice for the principal and records the payment on the lien. */
    @PostMapping("/api/lending/loans/{loanId}/disburse")
    Mono<JsonNode> disburse(@PathVariable String loanId, @RequestBody Invoice body) {
        return blocking(() -> payments.disburse(loanId, body.paymentRequest()));
    }

    /** The hold invoice for principal and interest on the lien's release hash, for the borrower to pay. */
    @PostMapping("/api/lending/loans/{loanId}/repayment-invoice")
    Mono<JsonNode> repaymentInvoice(@PathVariable String loanId) {
        return blocking(() -> invoice(payments.requestRepayment(loanId)));
    }

    /**
     * Applies the settlement rule now (the gateway also does every few seconds): settles the repayment
     * locked in for exactly the amount owed; the answer names what it found.
     */
    @PostMapping("/api/lending/loans/{loanId}/settle-repayment")
    Mono<JsonNode> settleRepayment(@PathVariable String loanId) {
        return blocking(() -> {
            HoldInvoiceSettlement.Result result = payments.settleRepayment(loanId);
            return JsonNodeFactory.instance
                    .objectNode()
                    .put("outcome", result.outcome().name())
                    .put("invoiceState", result.invoice().state().name())
                    .put("amountPaidSat", result.invoice().amountPaidSat());
        });
    }

    /** The loan's payments as the ledger and this org's node see them; its borrower's gateway answers the same route. */
    @GetMapping("/api/loans/{loanId}/payments")
    Mono<JsonNode> payments(@PathVariable String loanId) {
        return blocking(() -> payments.payments(loanId));
    }

    static JsonNode invoice(NewInvoice invoice) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("paymentHash", invoice.hash().hex())
                .put("paymentRequest", invoice.paymentRequest());
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
        return blocking(() -> payments.liquidate(loanId));
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
