package org.laionfmri.mirror.testing;

import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Records every request a client sends as an {@link AwsCall} of one caller, into a list shared by all
 * the clients of a run (it must be thread-safe: async clients record from their own threads). Attached
 * to the client that talks to the service, so the multipart client's parts are recorded one by one, as
 * S3 sees them. A retried request is recorded once: {@code beforeExecution} runs before the first attempt.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    private final String caller;
    private final List<AwsCall> calls;

    public AwsCallRecorder(String caller, List<AwsCall> calls) {
        this.caller = caller;
        this.calls = calls;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        String[] copySource = copySource(request);
        calls.add(new AwsCall(caller,
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toLowerCase(Locale.ROOT),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                text(request, "Bucket"), // CopyObject and UploadPartCopy answer with their target bucket and key
                text(request, "Key"),
                text(request, "Prefix"),
                copySource == null ? null : copySource[0],
                copySource == null ? null : copySource[1],
                text(request, "TableName")));
    }

    /**
     * The copy source as bucket and key. By the time interceptors see a copy, the SDK has folded its
     * SourceBucket and SourceKey into CopySource, {@code bucket/url-encoded-key[?versionId=...]}.
     */
    private static String[] copySource(SdkRequest request) {
        String copySource = text(request, "CopySource");
        if (copySource == null) {
            return null;
        }
        int version = copySource.indexOf("?versionId=");
        String path = version < 0 ? copySource : copySource.substring(0, version);
        int slash = path.indexOf('/');
        return new String[] {path.substring(0, slash), SdkHttpUtils.urlDecode(path.substring(slash + 1))};
    }

    /** A string field of the request; null if it has none (DynamoDB's Key is an attribute map, not a string). */
    private static String text(SdkRequest request, String field) {
        return request.getValueForField(field, Object.class).filter(String.class::isInstance).map(String.class::cast).orElse(null);
    }
}
