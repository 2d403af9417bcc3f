package dev.robotledger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;

class RegisteredRoutesTest {

    private static final HandlerFunction<ServerResponse> OK =
            request -> ServerResponse.ok().build();

    @Test
    void listsRouterFunctionRoutesNestedRoutesAndResources() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean(
                    RouterFunctionMapping.class,
                    () -> new RouterFunctionMapping(RouterFunctions.route()
                            .GET("/api/events", OK)
                            .nest(
                                    RequestPredicates.path("/api/goods"),
                                    goods -> goods.GET("/{goodId}", OK).POST("", OK))
                            .resources("/assets/**", new ClassPathResource("static/"))
                            .route(RequestPredicates.path("/any"), OK)
                            .build()));
            context.refresh();

            assertThat(RegisteredRoutes.of(context))
                    .containsExactlyInAnyOrder(
                            "GET /api/events",
                            "GET /api/goods/{goodId}",
                            "POST /api/goods",
                            "GET /assets/**",
                            "ANY /any");
        }
    }
}
