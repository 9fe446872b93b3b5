package io.github.forwarder.ops;

import io.github.forwarder.ExchangeProperties;
import io.github.forwarder.ExchangeProperties.Answer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The last step of an HTTP route (bean {@code jsonAnswer}): writes the answer the route decided
 * ({@link ExchangeProperties#ANSWER}), its status and JSON body, and echoes none of the request's headers back.
 * A step of Java rather than YAML steps reading the answer's fields: Camel's simple language copies the whole
 * exchange at each method call on a property, which cost the intake more than its own decision.
 */
public final class JsonAnswers implements Processor {

    @Override
    public void process(Exchange exchange) {
        Answer answer = exchange.getProperty(ExchangeProperties.ANSWER, Answer.class);
        var message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(answer.json());
    }
}
