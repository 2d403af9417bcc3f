package dev.robotledger.gateway.robots.web;

import dev.robotledger.gateway.journal.JournalReader;
import dev.robotledger.gateway.journal.RobotActivity;
import dev.robotledger.gateway.robots.RegisteredRobot;
import dev.robotledger.gateway.robots.RobotDetails;
import dev.robotledger.gateway.robots.RobotRegistry;
import dev.robotledger.gateway.robots.UnknownRobotException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The operator's robot API: registration and revocation, each robot's status and traffic from
 * the journal. JDBC and the ledger's commits block, so every call runs on the bounded-elastic
 * scheduler, never on the event loop.
 */
@RestController
@RequestMapping("/api/robots")
class RobotsApi {

    private final RobotRegistry robots;
    private final JournalReader journal;

    RobotsApi(RobotRegistry robots, JournalReader journal) {
        this.robots = robots;
        this.journal = journal;
    }

    /**
     * {@code model}, {@code site}, {@code line}, {@code station} and {@code capabilities} go to the
     * ledger's RegisterRobot: required when a ledger is configured, optional (and not kept) without one.
     */
    record RobotRegistration(
            String robotId,
            String publicKey,
            String model,
            String site,
            String line,
            String station,
            List<String> capabilities) {}

    record RobotView(String robotId, String publicKey, String status, Instant registeredAt) {
        static RobotView of(RegisteredRobot robot) {
            return new RobotView(
                    robot.robotId(),
                    Base64.getEncoder().encodeToString(robot.publicKey().getEncoded()),
                    robot.status().name(),
                    robot.registeredAt());
        }
    }

    /** A robot with its traffic from the journal: what the operator watches; null where it has none yet. */
    record RobotStatusView(
            String robotId,
            String publicKey,
            String status,
            Instant registeredAt,
            @Schema(nullable = true) Long lastSeq,
            @Schema(nullable = true) Instant lastSeen,
            long envelopesAccepted,
            long readingsAccepted,
            long rejected,
            Map<String, Long> rejectedByReason,
            @Schema(nullable = true) Instant lastRejectedAt) {
        static RobotStatusView of(RegisteredRobot robot, RobotActivity activity) {
            RobotView view = RobotView.of(robot);
            return new RobotStatusView(
                    view.robotId(),
                    view.publicKey(),
                    view.status(),
                    view.registeredAt(),
                    activity.lastSeq(),
                    activity.lastSeen(),
                    activity.envelopesAccepted(),
                    activity.readingsAccepted(),
                    activity.rejected(),
                    activity.rejectedByReason(),
                    activity.lastRejectedAt());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<RobotView> register(@RequestBody RobotRegistration registration) {
        // Blocking: JDBC, and with a ledger the wait for RegisterRobot's commit.
        return blocking(() -> RobotView.of(robots.register(
                registration.robotId(),
                registration.publicKey(),
                new RobotDetails(
                        registration.model(),
                        registration.site(),
                        registration.line(),
                        registration.station(),
                        registration.capabilities()))));
    }

    @PostMapping("/{robotId}/revoke")
    Mono<RobotView> revoke(@PathVariable String robotId) {
        return blocking(() -> RobotView.of(robots.revoke(robotId)));
    }

    @GetMapping
    Mono<List<RobotStatusView>> robots() {
        return blocking(() -> {
            Map<String, RobotActivity> activity = journal.robotActivity();
            return robots.all().stream()
                    .map(robot -> RobotStatusView.of(
                            robot, activity.getOrDefault(robot.robotId(), RobotActivity.none(robot.robotId()))))
                    .toList();
        });
    }

    @GetMapping("/{robotId}")
    Mono<RobotStatusView> robot(@PathVariable String robotId) {
        return blocking(() -> {
            RegisteredRobot robot = robots.find(robotId)
                    .orElseThrow(() -> new UnknownRobotException("robot " + robotId + " is not registered"));
            return RobotStatusView.of(robot, journal.robotActivity(robotId));
        });
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
