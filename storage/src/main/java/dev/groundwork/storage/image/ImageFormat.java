package dev.groundwork.storage.image;

/** Image formats recognised from their leading bytes, whatever the file is called. */
public enum ImageFormat {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg");

    private final String mediaType;
    private final String extension;

    ImageFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() { return mediaType; }

    public String extension() { return extension; }

    public static ImageFormat ofMediaType(String mediaType) {
        for (ImageFormat f : values()) {
            if (f.mediaType.equals(mediaType)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown image media type '" + mediaType + "'");
    }
}
