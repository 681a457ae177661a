//! `taizhang photos`: the space evidence takes — stored photos and thumbnails and the
//! uploads still open, as the database records them, beside what the photo store holds.

use crate::config::cli::PhotosArgs;

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

pub async fn run(args: PhotosArgs) -> Result<(), String> {
    let url = &args.database.database_url;
    let store = crate::store::open(url).await.map_err(|e| e.to_string())?;
    let usage = store.evidence_usage().await.map_err(|e| e.to_string())?;
    let spec = args
        .photo_store
        .clone()
        .unwrap_or_else(|| crate::config::cli::default_photo_store(url));
    let blobs = crate::store::Blobs::open(&spec).map_err(|e| e.to_string())?;
    let (files, bytes) = blobs.usage("photos").await.map_err(|e| e.to_string())?;
    let (chunks, chunk_bytes) = blobs.usage("uploads").await.map_err(|e| e.to_string())?;
    let (visits, visit_bytes) = blobs.usage("visits").await.map_err(|e| e.to_string())?;
    println!("佐证照片（{}）", blobs.describe);
    println!(
        "  照片      {:>6} 张  {}",
        usage.photos,
        mb(usage.photo_bytes)
    );
    println!(
        "  缩略图    {:>6} 张  {}",
        usage.thumbs,
        mb(usage.thumb_bytes)
    );
    println!(
        "  未完成上传 {:>5} 个  {}（{} 块，{}）",
        usage.open_uploads,
        mb(usage.open_bytes),
        chunks,
        mb(chunk_bytes)
    );
    println!("  存储中的文件 {files} 个，共 {}", mb(bytes));
    println!("一线督导照片 {visits} 张，共 {}", mb(visit_bytes));
    let recorded = usage.photos + usage.thumbs;
    if files != recorded {
        println!(
            "  注意：数据库记录 {recorded} 个文件，存储中有 {files} 个；请用 taizhang backup 逐个校验"
        );
    }
    Ok(())
}
