package org.laionfmri.mirror.infra.iam;

import java.util.List;
import org.laionfmri.mirror.testing.AwsCall;

/**
 * The AWS calls each step makes in a run, written down from the code in functions/src/main, as {@link
 * org.laionfmri.mirror.testing.AwsCallRecorder} records them on the embedded stack: buckets {@code source}
 * and {@code mirror}, keys with the mirror prefix. Calls recorded from an end-to-end run are to replace it.
 */
final class HandWrittenCalls {

    static final String TABLE = "laion-mirror-state";
    private static final String RUN = "lab/_mirror/runs/2026-01-04T03-00-00Z/";
    private static final String BOLD = "sub-01/ses-04/func/sub-01_ses-04_task-images_run-01_bold.nii.gz";
    private static final String MASK = "derivatives/rois/sub-01/sub-01_desc-visual_mask.nii.gz";

    private HandWrittenCalls() {}

    static List<AwsCall> all() {
        return List.of(
                // LicenceGate: who accepted the licence
                AwsCall.dynamo("LicenceGate", "GetItem", TABLE),

                // Plan: records the run, lists the public source (unsigned) and the mirror prefix by prefix,
                // streams the plan into a multipart upload, aborted if planning fails
                AwsCall.dynamo("Plan", "PutItem", TABLE),
                AwsCall.list("Plan", "source", "derivatives/rois/"),
                AwsCall.list("Plan", "source", "sub-01/ses-04/"),
                AwsCall.list("Plan", "mirror", "lab/derivatives/rois/"),
                AwsCall.list("Plan", "mirror", "lab/sub-01/ses-04/"),
                AwsCall.s3("Plan", "CreateMultipartUpload", "mirror", RUN + "plan.jsonl"),
                AwsCall.s3("Plan", "UploadPart", "mirror", RUN + "plan.jsonl"),
                AwsCall.s3("Plan", "CompleteMultipartUpload", "mirror", RUN + "plan.jsonl"),
                AwsCall.s3("Plan", "AbortMultipartUpload", "mirror", RUN + "plan.jsonl"),

                // CopyBatch: one CopyObject per object up to 5 GiB; above, the SDK's multipart copy (a signed
                // HeadObject of the source, then part copies), aborted if a part fails
                AwsCall.copy("CopyBatch", "CopyObject", "source", MASK, "mirror", "lab/" + MASK),
                AwsCall.s3("CopyBatch", "HeadObject", "source", BOLD),
                AwsCall.s3("CopyBatch", "CreateMultipartUpload", "mirror", "lab/" + BOLD),
                AwsCall.copy("CopyBatch", "UploadPartCopy", "source", BOLD, "mirror", "lab/" + BOLD),
                AwsCall.s3("CopyBatch", "CompleteMultipartUpload", "mirror", "lab/" + BOLD),
                AwsCall.s3("CopyBatch", "AbortMultipartUpload", "mirror", "lab/" + BOLD),

                // Stimuli: the mirror's copies first (size and sha256), the request id, then each stale file
                // streamed into an upload (the CSV is below the part size: one PutObject)
                AwsCall.s3("Stimuli", "HeadObject", "mirror", "lab/stimuli/task-images_stimuli.h5"),
                AwsCall.s3("Stimuli", "HeadObject", "mirror", "lab/stimuli/task-images_metadata.csv"),
                AwsCall.dynamo("Stimuli", "GetItem", TABLE),
                AwsCall.s3("Stimuli", "CreateMultipartUpload", "mirror", "lab/stimuli/task-images_stimuli.h5"),
                AwsCall.s3("Stimuli", "UploadPart", "mirror", "lab/stimuli/task-images_stimuli.h5"),
                AwsCall.s3("Stimuli", "CompleteMultipartUpload", "mirror", "lab/stimuli/task-images_stimuli.h5"),
                AwsCall.s3("Stimuli", "AbortMultipartUpload", "mirror", "lab/stimuli/task-images_stimuli.h5"),
                AwsCall.s3("Stimuli", "PutObject", "mirror", "lab/stimuli/task-images_metadata.csv"),

                // Report: the Distributed Map's results, the report, the run item
                AwsCall.s3("Report", "GetObject", "mirror", RUN + "results/4f1e9a7c/manifest.json"),
                AwsCall.s3("Report", "GetObject", "mirror", RUN + "results/4f1e9a7c/SUCCEEDED_0.json"),
                AwsCall.s3("Report", "PutObject", "mirror", RUN + "report.json"),
                AwsCall.dynamo("Report", "GetItem", TABLE),
                AwsCall.dynamo("Report", "PutItem", TABLE),
                AwsCall.dynamo("Report", "UpdateItem", TABLE));
    }
}
