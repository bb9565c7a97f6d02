package org.laionfmri.mirror.engine;

import java.util.regex.Pattern;

/** The resources the engine runs, recognised in every AWS partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}, ...). */
final class Resources {

    static final String LAMBDA_INVOKE = "lambda:invoke";
    static final String S3_GET_OBJECT = "s3:getObject";
    static final String S3_PUT_OBJECT = "s3:putObject";

    private static final String PARTITION = "arn:aws(?:-[a-z]+)*:";
    private static final Pattern LAMBDA_FUNCTION = Pattern.compile(PARTITION + "lambda:.+");

    private Resources() {}

    /** Whether {@code resource} is the service integration {@code api}, e.g. {@code arn:aws:states:::lambda:invoke}. */
    static boolean isIntegration(String resource, String api) {
        return resource.matches(PARTITION + "states:::" + Pattern.quote(api));
    }

    /** Whether {@code resource} is a Lambda function's ARN (invoked with the payload as is). */
    static boolean isLambdaFunction(String resource) {
        return LAMBDA_FUNCTION.matcher(resource).matches();
    }

    /** How messages name an integration. */
    static String describe(String api) {
        return "arn:<partition>:states:::" + api;
    }
}
