package cn.ebike.subsidy.quota;

import cn.ebike.common.problem.DependencyUnavailableException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs the quota Lua scripts by SHA (EVALSHA). The scripts are loaded once at start; when Redis
 * answers NOSCRIPT (it restarted or its script cache was flushed) the script is loaded again and
 * the call repeated once. Redis being unreachable is a {@link DependencyUnavailableException}.
 */
@ApplicationScoped
public class Scripts {

    private static final Logger LOG = Logger.getLogger(Scripts.class);

    public static final LuaScript ALLOCATE = LuaScript.load("allocate");
    public static final LuaScript RELEASE = LuaScript.load("release");
    public static final LuaScript CONFIRM = LuaScript.load("confirm");
    public static final LuaScript REBUILD = LuaScript.load("rebuild");


    private final RedisDataSource redis;

    public Scripts(RedisDataSource redis) {
        this.redis = redis;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            for (LuaScript s : List.of(ALLOCATE, RELEASE, CONFIRM, REBUILD)) {
                load(s);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Redis not reachable at start (%s); quota scripts will be loaded on first use", e.toString());
        }
    }

    private void load(LuaScript s) {
        Response r = redis.execute("SCRIPT", "LOAD", s.source());
        if (!s.sha().equals(r.toString())) {
            throw new IllegalStateException("Redis computed another SHA for " + s.name());
        }
    }

    public Response run(LuaScript script, List<String> keys, List<String> args) {
        List<String> argv = new ArrayList<>(keys.size() + args.size() + 2);
        argv.add(script.sha());
        argv.add(Integer.toString(keys.size()));
        argv.addAll(keys);
        argv.addAll(args);
        String[] command = argv.toArray(String[]::new);
        try {
            try {
                return redis.execute("EVALSHA", command);
            } catch (RuntimeException e) {
                if (!isNoScript(e)) {
                    throw e;
                }
                load(script);
                return redis.execute("EVALSHA", command);
            }
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Redis (quota allocation)", e);
        }
    }

    /** Plain commands with the same error translation. */
    public Response command(String name, String... args) {
        try {
            return redis.execute(name, args);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Redis (quota allocation)", e);
        }
    }

    public java.util.Map<String, String> hashEntries(String key) {
        try {
            return redis.hash(String.class).hgetall(key);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Redis (quota allocation)", e);
        }
    }

    static boolean isNoScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }
}
