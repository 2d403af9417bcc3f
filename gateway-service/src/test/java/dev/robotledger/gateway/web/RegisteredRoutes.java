package dev.robotledger.gateway.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.handler.AbstractUrlHandlerMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * Every route the running application answers, as {@code METHOD /pattern}, read from every handler
 * mapping: annotated controllers and actuator endpoints, router functions, and URL mappings such
 * as static resources. A mapping of a kind this class cannot read fails the enumeration instead
 * of being skipped, so no route escapes the access table.
 */
final class RegisteredRoutes {

    /** A method that a mapping without a method condition answers: all of them. */
    static final String ANY_METHOD = "ANY";

    private RegisteredRoutes() {}

    static Set<String> of(ApplicationContext context) {
        Set<String> routes = new TreeSet<>();
        for (HandlerMapping mapping :
                context.getBeansOfType(HandlerMapping.class).values()) {
            if (mapping instanceof RequestMappingInfoHandlerMapping annotated) {
                annotated.getHandlerMethods().keySet().forEach(info -> routes.addAll(routes(info)));
            } else if (mapping instanceof RouterFunctionMapping functional) {
                if (functional.getRouterFunction() != null) {
                    routes.addAll(routes(functional.getRouterFunction()));
                }
            } else if (mapping instanceof AbstractUrlHandlerMapping urls) {
                // Resource and URL handlers answer GET (and HEAD, which follows GET's rule).
                urls.getHandlerMap().keySet().forEach(pattern -> routes.add("GET " + pattern.getPatternString()));
            } else {
                throw new IllegalStateException("cannot list the routes of handler mapping " + mapping.getClass());
            }
        }
        return routes;
    }

    private static List<String> routes(RequestMappingInfo info) {
        Set<String> methods = new LinkedHashSet<>();
        info.getMethodsCondition().getMethods().forEach(method -> methods.add(method.name()));
        if (methods.isEmpty()) {
            methods.add(ANY_METHOD);
        }
        List<String> routes = new ArrayList<>();
        for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
            methods.forEach(method -> routes.add(method + " " + pattern.getPatternString()));
        }
        return routes;
    }

    private static List<String> routes(RouterFunction<?> function) {
        List<String> routes = new ArrayList<>();
        Deque<String> prefixes = new ArrayDeque<>(List.of(""));
        function.accept(new RouterFunctions.Visitor() {
            @Override
            public void startNested(RequestPredicate predicate) {
                PredicateParts parts = PredicateParts.of(predicate);
                if (parts.paths.size() != 1 || !parts.methods.isEmpty()) {
                    throw new IllegalStateException("cannot list routes nested under " + predicate);
                }
                prefixes.push(prefixes.peek() + parts.paths.iterator().next());
            }

            @Override
            public void endNested(RequestPredicate predicate) {
                prefixes.pop();
            }

            @Override
            public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
                PredicateParts parts = PredicateParts.of(predicate);
                if (parts.paths.isEmpty()) {
                    throw new IllegalStateException("router function route without a path: " + predicate);
                }
                Set<String> methods = parts.methods.isEmpty() ? Set.of(ANY_METHOD) : parts.methods;
                String prefix = prefixes.peek();
                methods.forEach(method -> parts.paths.forEach(path -> routes.add(method + " " + prefix + path)));
            }

            /** RouterFunctions.resources(pattern, location): its lookup prints "pattern -> location". */
            @Override
            public void resources(Function<ServerRequest, Mono<Resource>> lookup) {
                String[] patternAndLocation = lookup.toString().split(" -> ", 2);
                if (patternAndLocation.length != 2 || !patternAndLocation[0].startsWith("/")) {
                    throw new IllegalStateException("cannot list the paths of router function resources " + lookup);
                }
                routes.add("GET " + prefixes.peek() + patternAndLocation[0]);
            }

            @Override
            public void attributes(Map<String, Object> attributes) {}

            @Override
            public void unknown(RouterFunction<?> routerFunction) {
                throw new IllegalStateException("cannot list router function " + routerFunction);
            }
        });
        return routes;
    }

    /** The methods and paths a route's predicate names. */
    private static final class PredicateParts implements RequestPredicates.Visitor {
        private final Set<String> methods = new TreeSet<>();
        private final Set<String> paths = new TreeSet<>();

        static PredicateParts of(RequestPredicate predicate) {
            PredicateParts parts = new PredicateParts();
            predicate.accept(parts);
            return parts;
        }

        @Override
        public void method(Set<HttpMethod> httpMethods) {
            httpMethods.forEach(method -> methods.add(method.name()));
        }

        @Override
        public void path(String pattern) {
            paths.add(pattern);
        }

        // Deprecated for removal in Spring Framework 7; a visitor still receives it until then.
        @Override
        @SuppressWarnings("removal")
        public void pathExtension(String extension) {}

        @Override
        public void version(String version) {}

        @Override
        public void header(String name, String value) {}

        @Override
        public void queryParam(String name, String value) {}

        @Override
        public void startAnd() {}

        @Override
        public void and() {}

        @Override
        public void endAnd() {}

        @Override
        public void startOr() {}

        @Override
        public void or() {}

        @Override
        public void endOr() {}

        @Override
        public void startNegate() {}

        @Override
        public void endNegate() {}

        @Override
        public void unknown(RequestPredicate predicate) {}
    }
}
