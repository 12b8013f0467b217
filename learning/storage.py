"""Media storage that keeps lesson files private: Wagtail documents (saved under "documents/") go to the private
storage, every other file (images, renditions, photos, invoices) to the public one.

Wagtail's Document model always uses the default storage, so the split is made here, by the file's name."""

from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible

PRIVATE_PREFIX = "documents/"


def _routed(method: str):
    def call(self, name, *args, **kwargs):
        return getattr(self.storage_for(name), method)(name, *args, **kwargs)

    call.__name__ = method
    return call


@deconstructible
class MediaStorage(Storage):
    def __init__(self, public: str = "public_media", private: str = "private_media"):
        self.public, self.private = public, private

    def storage_for(self, name: str) -> Storage:
        return storages[self.private if str(name).startswith(PRIVATE_PREFIX) else self.public]

    open = _routed("open")
    save = _routed("save")
    delete = _routed("delete")
    exists = _routed("exists")
    listdir = _routed("listdir")
    size = _routed("size")
    url = _routed("url")
    path = _routed("path")
    get_valid_name = _routed("get_valid_name")
    get_available_name = _routed("get_available_name")
    generate_filename = _routed("generate_filename")
    get_accessed_time = _routed("get_accessed_time")
    get_created_time = _routed("get_created_time")
    get_modified_time = _routed("get_modified_time")
