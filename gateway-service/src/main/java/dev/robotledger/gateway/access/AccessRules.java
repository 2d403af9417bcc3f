package dev.robotledger.gateway.access;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which roles may send which requests. The first rule whose method and path pattern match decides;
 * a request no rule matches is refused (deny by default), so a new endpoint stays closed until a
 * rule names who may call it. A rule for GET covers HEAD too (RFC 9110: a server that answers GET
 * answers HEAD). The access table in gateway-service/README.md states the same and
 * a test holds the running gateway to it.
 */
public final class AccessRules {

    /** One rule: a method, the path patterns it covers, and who may send it. */
    public record Rule(HttpMethod method, List<String> patterns, boolean open, Set<Role> roles) {

        public Rule {
            patterns = List.copyOf(patterns);
            roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
            if (patterns.isEmpty() || open == !roles.isEmpty()) {
                throw new IllegalArgumentException("a rule needs patterns and is either open or names roles: " + method
                        + " " + patterns + " " + roles);
            }
        }

        static Rule open(HttpMethod method, String... patterns) {
            return new Rule(method, List.of(patterns), true, Set.of());
        }

        static Rule roles(HttpMethod method, Set<Role> roles, String... patterns) {
            return new Rule(method, List.of(patterns), false, roles);
        }

        boolean matches(HttpMethod requestMethod, PathContainer path) {
            return methods().contains(requestMethod) && matchesPath(path);
        }

        boolean matchesPath(PathContainer path) {
            return patterns.stream()
                    .map(PathPatternParser.defaultInstance::parse)
                    .anyMatch(pattern -> pattern.matches(path));
        }

        /** The rule's method, and HEAD with GET. */
        Set<HttpMethod> methods() {
            return method.equals(HttpMethod.GET) ? Set.of(HttpMethod.GET, HttpMethod.HEAD) : Set.of(method);
        }

        /** The roles' labels in {@link Role} order, for messages and documents. */
        public String roleLabels() {
            return roles.stream().sorted().map(Role::label).collect(Collectors.joining(", "));
        }
    }

    private static final Set<Role> OPERATOR = EnumSet.of(Role.OPERATOR);
    private static final Set<Role> LENDER = EnumSet.of(Role.LENDER);

    private static final AccessRules GATEWAY = new AccessRules(List.of(
            Rule.open(HttpMethod.GET, "/actuator/health", "/actuator/health/**"),
            Rule.open(
                    HttpMethod.GET,
                    "/v3/api-docs",
                    "/v3/api-docs.yaml",
                    "/v3/api-docs/**",
                    "/swagger-ui.html",
                    "/swagger-ui/**",
                    "/webjars/swagger-ui/**"),
            // The dashboard's files; its API calls carry a token like any other client's.
            Rule.open(
                    HttpMethod.GET,
                    "/",
                    "/index.html",
                    "/goods.html",
                    "/provenance.html",
                    "/lender.html",
                    "/recall.html",
                    "/loans.html",
                    "/borrower.html",
                    "/dashboard.css",
                    "/loans.css",
                    "/js/*.js",
                    "/vendor/cytoscape.min.js",
                    "/vendor/chart.umd.min.js",
                    "/vendor/qrcode.js"),
            // A product's GS1 Digital Link and what its manufacturer discloses of it: for anyone holding it.
            Rule.open(HttpMethod.GET, "/01/*/21/*", "/api/public/01/*/21/*"),
            // A browser signs in with a one-time code from a link; it ends its own session with its token.
            Rule.open(HttpMethod.POST, "/api/sign-in"),
            Rule.roles(
                    HttpMethod.POST,
                    EnumSet.of(Role.OPERATOR, Role.RETAILER, Role.LENDER, Role.METRICS),
                    "/api/sign-out"),
            // What anyone needs to verify a provenance certificate offline: public keys, no secret.
            Rule.open(HttpMethod.GET, "/api/organisation-cas"),
            Rule.roles(HttpMethod.GET, EnumSet.of(Role.OPERATOR, Role.METRICS), "/actuator/prometheus"),
            // Proofs are meant to be checked by whoever relies on a reading.
            Rule.roles(
                    HttpMethod.GET,
                    EnumSet.of(Role.OPERATOR, Role.RETAILER, Role.LENDER),
                    "/api/readings/*/*/proof",
                    "/api/readings/*/*/verification"),
            // Every page says which ledger it shows.
            Rule.roles(HttpMethod.GET, EnumSet.of(Role.OPERATOR, Role.RETAILER, Role.LENDER), "/api/ledger"),
            Rule.roles(
                    HttpMethod.GET,
                    EnumSet.of(Role.OPERATOR, Role.RETAILER, Role.LENDER),
                    "/api/goods",
                    "/api/goods/*",
                    "/api/goods/*/provenance",
                    "/api/goods/*/history",
                    "/api/goods/*/where-used",
                    "/api/goods/*/epcis",
                    "/api/goods/*/certificate",
                    "/api/goods/*/telemetry"),
            Rule.roles(HttpMethod.GET, EnumSet.of(Role.OPERATOR, Role.LENDER), "/api/goods/*/collateral-report"),
            // Custody moves between the organisations that hold goods; the chaincode checks which org may.
            Rule.roles(
                    HttpMethod.POST,
                    EnumSet.of(Role.OPERATOR, Role.RETAILER),
                    "/api/goods/*/transfer",
                    "/api/goods/*/transfer/accept",
                    "/api/goods/*/transfer/reject"),
            Rule.roles(HttpMethod.POST, OPERATOR, "/api/goods/*/recall", "/api/goods/*/disposition"),
            // Loans: the lender role on a lender org's gateway, the operator on a borrower's
            // (manufacturer or retailer) gateway; the chaincode decides what the org may do.
            Rule.roles(
                    HttpMethod.POST,
                    LENDER,
                    "/api/lending/offers",
                    "/api/lending/offers/*/withdraw",
                    "/api/lending/loans/*/check-margin",
                    "/api/lending/loans/*/release",
                    "/api/lending/loans/*/liquidate",
                    "/api/lending/loans/*/disburse",
                    "/api/lending/loans/*/repayment-invoice",
                    "/api/lending/loans/*/settle-repayment"),
            Rule.roles(HttpMethod.GET, LENDER, "/api/lending/loans", "/api/lending/margin-calls"),
            Rule.roles(
                    HttpMethod.GET,
                    EnumSet.of(Role.OPERATOR, Role.LENDER),
                    "/api/loans/*/terms",
                    "/api/loans/*/payments"),
            Rule.roles(
                    HttpMethod.POST,
                    OPERATOR,
                    "/api/borrowing/offers/*/accept",
                    "/api/borrowing/loans/*/release",
                    "/api/borrowing/loans/*/principal-invoice",
                    "/api/borrowing/loans/*/repay"),
            Rule.roles(HttpMethod.GET, OPERATOR, "/api/borrowing/offers", "/api/borrowing/loans"),
            Rule.roles(HttpMethod.POST, OPERATOR, "/api/robots", "/api/robots/*/revoke"),
            Rule.roles(
                    HttpMethod.GET,
                    OPERATOR,
                    "/api/robots",
                    "/api/robots/*",
                    "/api/dead-letters",
                    "/api/ingestion/status",
                    "/api/events",
                    "/api/production-events"),
            Rule.roles(HttpMethod.GET, OPERATOR, "/actuator", "/actuator/**")));

    private final List<Rule> rules;

    private AccessRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The gateway's rules. */
    public static AccessRules gateway() {
        return GATEWAY;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The rule that decides a request, or empty when none does and the request is refused. */
    public Optional<Rule> ruleFor(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return rules.stream().filter(rule -> rule.matches(method, container)).findFirst();
    }

    /**
     * The methods the rules take on a path, whoever sends them; empty for a path no rule names. A
     * request with another method on a named path is 405 with these in its {@code Allow} header.
     */
    public Set<HttpMethod> methodsFor(String path) {
        PathContainer container = PathContainer.parsePath(path);
        Set<HttpMethod> methods = new TreeSet<>(Comparator.comparing(HttpMethod::name));
        rules.stream().filter(rule -> rule.matchesPath(container)).forEach(rule -> methods.addAll(rule.methods()));
        return methods;
    }

    static String[] authorityNames(Rule rule) {
        return rule.roles().stream().map(Role::name).toArray(String[]::new);
    }

    @Override
    public String toString() {
        return rules.stream()
                .map(rule ->
                        rule.method() + " " + rule.patterns() + " -> " + (rule.open() ? "open" : rule.roleLabels()))
                .collect(Collectors.joining("; "));
    }
}
