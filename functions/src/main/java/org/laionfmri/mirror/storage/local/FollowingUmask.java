package org.laionfmri.mirror.storage.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Objects written into a directory get the permissions of the user's umask, as files a program creates
 * do (0644 under the usual 022): the filesystem store writes through a private temporary file, whose
 * restrictive mode would otherwise keep the mirror from the researchers it is for.
 */
final class FollowingUmask extends ForwardingBlobStore {

    private final Path root;
    private final Set<PosixFilePermission> filePermissions;

    private FollowingUmask(BlobStore delegate, Path root, Set<PosixFilePermission> filePermissions) {
        super(delegate);
        this.root = root;
        this.filePermissions = filePermissions;
    }

    /** The store, following the umask where the file system has POSIX permissions; else the store as it is. */
    static BlobStore wrap(BlobStore delegate, Path root) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return delegate;
        }
        return new FollowingUmask(delegate, root, umaskedFilePermissions(root));
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream body) {
        PutObjectResponse response = super.putBlob(request, body);
        follow(request.bucket(), request.key());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        follow(request.destinationBucket(), request.destinationKey());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        follow(request.bucket(), request.key());
        return response;
    }

    private void follow(String bucket, String key) {
        Path file = root.resolve(bucket).resolve(key);
        try {
            if (Files.isRegularFile(file)) {
                Files.setPosixFilePermissions(file, filePermissions);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not set the permissions of " + file + ": " + e.getMessage(), e);
        }
    }

    /** What the umask leaves of rw-rw-rw-: a file created without explicit permissions shows it. */
    private static Set<PosixFilePermission> umaskedFilePermissions(Path root) {
        Path probe = root.resolve(".umask-probe");
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(probe));
            Files.delete(probe);
            return permissions;
        } catch (IOException e) {
            throw new UncheckedIOException("could not learn the umask in " + root + ": " + e.getMessage(), e);
        }
    }
}
