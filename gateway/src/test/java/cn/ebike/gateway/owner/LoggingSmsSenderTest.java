package cn.ebike.gateway.owner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LoggingSmsSenderTest {

    @Test
    void logsTheMaskedPhoneAndNeverTheCode() {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (record.getParameters() != null) {
                    message = String.format(message, record.getParameters());
                }
                lines.add(message);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(LoggingSmsSender.class.getName());
        logger.addHandler(capture);
        try {
            new LoggingSmsSender().sendLoginCode("13812345678", "482913", 300);
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(lines).isNotEmpty();
        assertThat(String.join("\n", lines)).contains("138****5678").doesNotContain("482913")
                .doesNotContain("13812345678");
    }
}
