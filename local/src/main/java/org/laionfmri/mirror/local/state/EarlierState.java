package org.laionfmri.mirror.local.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laionfmri.mirror.Trees;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.dynamo.StateItems;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The state an earlier laion-mirror kept in the same folder: dynalite's LevelDB store {@code state/}
 * (or {@code state.old/}, left by a rewrite interrupted between its two renames), holding the state
 * table's items as DynamoDB JSON under keys {@code item-laion-mirror-state~<hash>/<pk>/<sk>/}, beside
 * {@code licence-accepted}, a copy of who accepted the licence. Read without Node.js, and removed
 * whole once moved into {@code state.json}, so that no older copy of the request_id stays behind.
 */
final class EarlierState {

    private static final String STORE = "state";
    /** What the earlier version's rewrite of its store left when interrupted: the store itself, or copies of it. */
    private static final List<String> REWRITE_LEFTOVERS = List.of("state.old", "state.new", "state.as-it-was");
    private static final String LICENCE_COPY = "licence-accepted";
    private static final String TABLE = "laion-mirror-state";
    private static final String TABLE_KEY = "table~" + TABLE;
    private static final String ITEM_KEYS = "item-" + TABLE + "~";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EarlierState() {}

    /**
     * Whether {@code folder} holds an earlier version's store: one it made ({@code made} beside it), or
     * one LevelDB began. An empty folder that dynalite left when it failed to start holds nothing.
     */
    static boolean exists(Path folder) {
        Path store = store(folder);
        return store != null && (Files.exists(folder.resolve(FileMirrorState.MADE), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(store.resolve("CURRENT"), LinkOption.NOFOLLOW_LINKS));
    }

    /** The earlier store's state: every item, converted; the licence copy beside it checked against it. */
    static StateContents read(Path folder) throws Unreadable {
        Path store = store(folder);
        String where = "its earlier laion-mirror's store " + store.getFileName() + "/";
        Map<String, byte[]> entries;
        try {
            entries = LevelDbFolder.read(store);
        } catch (Unreadable unreadable) {
            throw new Unreadable(where + " cannot be read: " + unreadable.getMessage());
        }
        if (!entries.containsKey(TABLE_KEY)) {
            throw new Unreadable(where + " holds no state table");
        }
        StateContents contents = new StateContents();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            if (entry.getKey().startsWith(ITEM_KEYS)) {
                add(contents, item(entry.getValue(), where), where);
            }
        }
        Path licenceCopy = folder.resolve(LICENCE_COPY);
        if (contents.licence == null && Files.exists(licenceCopy, LinkOption.NOFOLLOW_LINKS)) {
            throw new Unreadable(where + " no longer holds the licence acceptance it held: " + licenceCopyText(licenceCopy));
        }
        try {
            return StateJson.decode(StateJson.encode(contents)); // what state.json could not hold is found now, not on the next open
        } catch (Unreadable invalid) {
            throw new Unreadable(where + " holds items that are not a valid state: " + invalid.getMessage());
        }
    }

    /** Removes the earlier store, its leftovers and its side file: once its state is in state.json, none holds anything needed. */
    static void remove(Path folder) throws IOException {
        Trees.delete(folder.resolve(STORE));
        for (String leftover : REWRITE_LEFTOVERS) {
            Trees.delete(folder.resolve(leftover));
        }
        Files.deleteIfExists(folder.resolve(LICENCE_COPY));
    }

    /** The store the earlier version would open: {@code state/}, else what an interrupted rewrite left as {@code state.old/}. */
    private static Path store(Path folder) {
        Path store = folder.resolve(STORE);
        if (Files.isDirectory(store, LinkOption.NOFOLLOW_LINKS)) {
            return store;
        }
        Path old = folder.resolve(REWRITE_LEFTOVERS.get(0));
        return Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS) ? old : null;
    }

    private static void add(StateContents contents, Map<String, AttributeValue> item, String where) throws Unreadable {
        String pk = text(item, "pk");
        String sk = text(item, "sk");
        try {
            switch (pk + "/" + sk) {
                case "LICENCE/CC0" -> contents.licence = StateItems.licence(item);
                case "ACCESS/STIMULI" -> contents.access = StateItems.access(item);
                case "LEASE/MIRROR" -> contents.lease = StateItems.lease(item);
                default -> {
                    if (!pk.equals("RUN")) {
                        throw new Unreadable(where + " holds an item this laion-mirror does not know (" + pk + "/" + sk + ")");
                    }
                    RunRecord run = StateItems.run(item);
                    contents.runs.put(run.runId(), run);
                }
            }
        } catch (NullPointerException | IllegalArgumentException | DateTimeParseException notValid) {
            throw new Unreadable(where + " holds an item " + pk + "/" + sk + " that is not valid");
        }
    }

    /** An item's DynamoDB JSON (as dynalite stores it) as the SDK's attribute values: the types the state table uses. */
    private static Map<String, AttributeValue> item(byte[] value, String where) throws Unreadable {
        try {
            JsonNode item = JSON.readTree(value);
            if (item == null || !item.isObject()) {
                throw new Unreadable(where + " holds an item that is not a JSON object");
            }
            return attributes(item, where);
        } catch (IOException notJson) {
            throw new Unreadable(where + " holds an item that is not JSON");
        }
    }

    private static Map<String, AttributeValue> attributes(JsonNode object, String where) throws Unreadable {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> attribute : object.properties()) {
            attributes.put(attribute.getKey(), attribute(attribute.getKey(), attribute.getValue(), where));
        }
        return attributes;
    }

    private static AttributeValue attribute(String name, JsonNode typed, String where) throws Unreadable {
        if (typed.isObject() && typed.size() == 1) {
            Map.Entry<String, JsonNode> value = typed.properties().iterator().next();
            JsonNode content = value.getValue();
            switch (value.getKey()) {
                case "S":
                    if (content.isTextual()) {
                        return AttributeValue.fromS(content.asText());
                    }
                    break;
                case "N":
                    if (content.isTextual()) {
                        return AttributeValue.fromN(content.asText());
                    }
                    break;
                case "NULL":
                    return AttributeValue.fromNul(true);
                case "M":
                    if (content.isObject()) {
                        return AttributeValue.fromM(attributes(content, where));
                    }
                    break;
                default:
                    break;
            }
        }
        throw new Unreadable(where + " holds an attribute " + name + " of a kind the state table never had");
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "(none)" : value.s();
    }

    private static String licenceCopyText(Path licenceCopy) throws Unreadable {
        try {
            return new String(Files.readAllBytes(licenceCopy), StandardCharsets.UTF_8).strip();
        } catch (IOException unreadable) {
            throw new Unreadable(LICENCE_COPY + " cannot be read");
        }
    }
}
