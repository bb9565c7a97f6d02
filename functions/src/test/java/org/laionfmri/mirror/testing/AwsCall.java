package org.laionfmri.mirror.testing;

/**
 * One AWS API request as a function sent it, with what IAM authorises it on: the caller (the workflow
 * step, e.g. {@code "CopyBatch"}), the service ({@code s3}, {@code dynamodb}), the operation as the SDK
 * names it ({@code ListObjectsV2}, {@code UploadPartCopy}, {@code GetItem}...), and the request's bucket,
 * key, listing prefix, copy source and table. Fields the request does not have are null; keys are as
 * sent, so they include the mirror prefix.
 */
public record AwsCall(String caller, String service, String operation, String bucket, String key, String prefix,
        String sourceBucket, String sourceKey, String table) {

    /** An S3 request on a bucket (a listing) or an object. */
    public static AwsCall s3(String caller, String operation, String bucket, String key) {
        return new AwsCall(caller, "s3", operation, bucket, key, null, null, null, null);
    }

    /** A ListObjectsV2 of {@code prefix}. */
    public static AwsCall list(String caller, String bucket, String prefix) {
        return new AwsCall(caller, "s3", "ListObjectsV2", bucket, null, prefix, null, null, null);
    }

    /** A server-side copy ({@code CopyObject}, {@code UploadPartCopy}) from a source object to a target one. */
    public static AwsCall copy(String caller, String operation, String sourceBucket, String sourceKey, String bucket, String key) {
        return new AwsCall(caller, "s3", operation, bucket, key, null, sourceBucket, sourceKey, null);
    }

    /** A DynamoDB request on a table. */
    public static AwsCall dynamo(String caller, String operation, String table) {
        return new AwsCall(caller, "dynamodb", operation, null, null, null, null, null, table);
    }
}
