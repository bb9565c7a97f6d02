package org.laionfmri.mirror.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * The public LAION-fMRI bucket the mirror copies from, as the dataset documents it: anyone may list it
 * and read its objects. It belongs to another account than the stack's, so a role reads it only with
 * both its own policy and this one allowing.
 */
final class PublicSource {

    static final String BUCKET = "laion-fmri";
    /** Not the dataset's real account (unknown here): any account other than the stack's makes the same cross-account decision. */
    static final String ACCOUNT = "210987654321";

    static final JsonNode POLICY = new ObjectMapper().valueToTree(Map.of(
            "Version", "2012-10-17",
            "Statement", List.of(
                    Map.of("Sid", "PublicRead", "Effect", "Allow", "Principal", "*", "Action", "s3:GetObject",
                            "Resource", "arn:aws:s3:::" + BUCKET + "/*"),
                    Map.of("Sid", "PublicList", "Effect", "Allow", "Principal", "*", "Action", "s3:ListBucket",
                            "Resource", "arn:aws:s3:::" + BUCKET))));

    private PublicSource() {}
}
