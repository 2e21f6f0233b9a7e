package io.saasagent.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;

import java.util.LinkedHashMap;
import java.util.Map;


/** Reads the agent's JSON answers in their key order. */
final class HealthJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthJson() {
    }

    record Answer(int status, Map<String, Object> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> dependency(String name) {
            return (Map<String, Object>) body.get(name);
        }

        String dependencyStatus(String name) {
            return (String) dependency(name).get("status");
        }
    }

    @SuppressWarnings("unchecked")
    static Answer get(String path) {
        Response response = io.restassured.RestAssured.get(path);
        try {
            return new Answer(response.statusCode(), JSON.readValue(response.asString(), LinkedHashMap.class));
        } catch (JsonProcessingException e) {
            throw new AssertionError(path + " is not JSON: " + response.asString(), e);
        }
    }

    static Answer saas() {
        return get("/health/saas");
    }
}
