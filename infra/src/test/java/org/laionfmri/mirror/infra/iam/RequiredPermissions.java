package org.laionfmri.mirror.infra.iam;

import static java.util.Map.entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laionfmri.mirror.testing.AwsCall;

/**
 * The authorisations AWS makes for each API request the workflow sends, as the Service Authorization
 * Reference (the "Actions defined by" tables of S3, DynamoDB and KMS) and the S3 guide to SSE-KMS
 * document them: {@link #checksFor} turns calls, recorded or written down, into {@link IamCheck}s on the
 * stack's real resources.
 */
final class RequiredPermissions {

    /** What a check is on: the request's bucket, object, copy source or table, or the KMS key encrypting one of them. */
    private enum On { BUCKET, OBJECT, SOURCE_OBJECT, TABLE, BUCKET_KEY, SOURCE_KEY, TABLE_KEY }

    private record Need(On on, String action) {}

    private static final List<Need> READ_OBJECT = List.of(
            // HeadObject has no action of its own: it is authorised as s3:GetObject
            new Need(On.OBJECT, "s3:GetObject"),
            // an SSE-KMS object is decrypted with its key, on the caller's behalf
            new Need(On.BUCKET_KEY, "kms:Decrypt"));
    private static final List<Need> UPLOAD_PART = List.of(
            // every request of a multipart upload is authorised as s3:PutObject
            new Need(On.OBJECT, "s3:PutObject"),
            // SSE-KMS: a new data key; and kms:Decrypt, which S3 needs to complete a multipart upload with its parts' keys
            new Need(On.BUCKET_KEY, "kms:GenerateDataKey"),
            new Need(On.BUCKET_KEY, "kms:Decrypt"));

    private static final Map<String, List<Need>> RULES = Map.ofEntries(
            // ListObjectsV2 is authorised as s3:ListBucket on the bucket, its Prefix the s3:prefix condition key
            entry("ListObjectsV2", List.of(new Need(On.BUCKET, "s3:ListBucket"))),
            entry("HeadObject", READ_OBJECT),
            entry("GetObject", READ_OBJECT),
            // SSE-KMS: S3 asks KMS for the object's data key
            entry("PutObject", List.of(new Need(On.OBJECT, "s3:PutObject"), new Need(On.BUCKET_KEY, "kms:GenerateDataKey"))),
            entry("CreateMultipartUpload", UPLOAD_PART),
            entry("UploadPart", UPLOAD_PART),
            entry("CompleteMultipartUpload", UPLOAD_PART),
            entry("AbortMultipartUpload", List.of(new Need(On.OBJECT, "s3:AbortMultipartUpload"))),
            // ListParts is authorised as s3:ListMultipartUploadParts
            entry("ListParts", List.of(new Need(On.OBJECT, "s3:ListMultipartUploadParts"))),
            // a copy reads its source as GetObject does and writes its target as PutObject does
            entry("CopyObject", List.of(new Need(On.SOURCE_OBJECT, "s3:GetObject"), new Need(On.SOURCE_KEY, "kms:Decrypt"),
                    new Need(On.OBJECT, "s3:PutObject"), new Need(On.BUCKET_KEY, "kms:GenerateDataKey"))),
            // ... and a part copy is a part of a multipart upload too
            entry("UploadPartCopy", List.of(new Need(On.SOURCE_OBJECT, "s3:GetObject"), new Need(On.SOURCE_KEY, "kms:Decrypt"),
                    new Need(On.OBJECT, "s3:PutObject"), new Need(On.BUCKET_KEY, "kms:GenerateDataKey"), new Need(On.BUCKET_KEY, "kms:Decrypt"))),
            entry("DeleteObject", List.of(new Need(On.OBJECT, "s3:DeleteObject"))),
            // DynamoDB's actions are its operations, on the table; a table under a customer managed key is read through it
            entry("GetItem", item("dynamodb:GetItem")),
            entry("PutItem", item("dynamodb:PutItem")),
            entry("UpdateItem", item("dynamodb:UpdateItem")),
            entry("DeleteItem", item("dynamodb:DeleteItem")),
            entry("Query", item("dynamodb:Query")));

    /**
     * The functions read the public source unsigned (MirrorConfig makes SOURCE_BUCKET anonymous): its
     * listing, and its objects when a copy streams across stores. Every other request is signed with the
     * caller's role: copies go through the mirror's client, and so does the HeadObject of a source object
     * that the SDK's multipart copy sends first.
     */
    private static final Set<String> UNSIGNED_SOURCE_READS = Set.of("ListObjectsV2", "GetObject");

    private final SynthesisedStack stack;
    private final Map<String, String> principals;

    /** @param principals the role (or other principal) ARN each caller acts with */
    RequiredPermissions(SynthesisedStack stack, Map<String, String> principals) {
        this.stack = stack;
        this.principals = Map.copyOf(principals);
    }

    /**
     * The checks AWS makes for {@code calls}, whose bucket and table names are mapped to the deployed
     * ones by {@code deployedNames} (e.g. the embedded stack's {@code "mirror"} to the stack's bucket).
     */
    List<IamCheck> checksFor(List<AwsCall> calls, Map<String, String> deployedNames) {
        return calls.stream().flatMap(call -> checksFor(call, deployedNames).stream()).toList();
    }

    List<IamCheck> checksFor(AwsCall call, Map<String, String> deployedNames) {
        List<Need> needs = RULES.get(call.operation());
        if (needs == null) {
            throw new IllegalArgumentException("no IAM rule for " + call.service() + " " + call.operation() + " (" + call.caller()
                    + "): add what AWS checks for it to RequiredPermissions");
        }
        String bucket = deployed(call.bucket(), deployedNames, call);
        String source = deployed(call.sourceBucket(), deployedNames, call);
        String table = deployed(call.table(), deployedNames, call);
        boolean unsigned = PublicSource.BUCKET.equals(bucket) && UNSIGNED_SOURCE_READS.contains(call.operation());
        String principal = unsigned ? null : principal(call.caller());
        List<IamCheck> checks = new ArrayList<>();
        for (Need need : needs) {
            Optional<String> resource = switch (need.on()) {
                case BUCKET -> Optional.of("arn:aws:s3:::" + bucket);
                case OBJECT -> Optional.of("arn:aws:s3:::" + bucket + "/" + call.key());
                case SOURCE_OBJECT -> Optional.of("arn:aws:s3:::" + source + "/" + call.sourceKey());
                case TABLE -> Optional.of(stack.tableArn(table));
                case BUCKET_KEY -> stack.bucketKey(bucket);
                case SOURCE_KEY -> stack.bucketKey(source);
                case TABLE_KEY -> stack.tableKey(table);
            };
            resource.ifPresent(arn -> checks.add(new IamCheck(call.caller(), call.operation(), principal, need.action(), arn, context(need, call))));
        }
        return checks;
    }

    private static List<Need> item(String action) {
        return List.of(new Need(On.TABLE, action), new Need(On.TABLE_KEY, "kms:Decrypt"));
    }

    private static Map<String, String> context(Need need, AwsCall call) {
        return switch (need.on()) {
            case BUCKET -> call.prefix() == null ? Map.of() : Map.of("s3:prefix", call.prefix());
            // KMS sees the service that called it for the caller
            case BUCKET_KEY, SOURCE_KEY -> Map.of("kms:ViaService", "s3." + SynthesisedStack.REGION + ".amazonaws.com");
            case TABLE_KEY -> Map.of("kms:ViaService", "dynamodb." + SynthesisedStack.REGION + ".amazonaws.com");
            default -> Map.of();
        };
    }

    private String principal(String caller) {
        String principal = principals.get(caller);
        if (principal == null) {
            throw new IllegalArgumentException("no principal for the caller " + caller + "; known: " + principals.keySet());
        }
        return principal;
    }

    private static String deployed(String name, Map<String, String> deployedNames, AwsCall call) {
        if (name == null) {
            return null;
        }
        String deployed = deployedNames.get(name);
        if (deployed == null) {
            throw new IllegalArgumentException(name + " of " + call + " has no deployed name in " + deployedNames);
        }
        return deployed;
    }
}
