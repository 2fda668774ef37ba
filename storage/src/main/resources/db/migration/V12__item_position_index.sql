-- Items are read and written in dataset order: the importer reads back the ids of each batch of items it inserted by
-- position, and the workbench lists a dataset's items by position.
create index ix_item_dataset_position on item (dataset_id, position);
