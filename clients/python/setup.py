"""Build hooks: the version from the repository's VERSION file, and the gRPC stubs generated from protos/stt.proto
into the wheel (stt_client/v1/stt_pb2.py and stt_pb2_grpc.py), so an installed package reads no .proto and needs no
grpcio-tools at run time."""
import os
import shutil
import tempfile

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.normpath(os.path.join(HERE, "..", ".."))


def version():
    with open(os.path.join(REPOSITORY, "VERSION"), encoding="utf-8") as file:
        return file.read().strip()


class BuildWithStubs(build_py):
    """Generates the stubs and the version module into the build folder, beside the package's own modules."""

    def run(self):
        super().run()
        from grpc_tools import protoc
        import grpc_tools

        target = os.path.join(self.build_lib, "stt_client", "v1")
        os.makedirs(target, exist_ok=True)
        with tempfile.TemporaryDirectory() as root:
            # The proto sits where its module will: the generated stt_pb2_grpc imports stt_client.v1.stt_pb2.
            os.makedirs(os.path.join(root, "stt_client", "v1"))
            shutil.copy(os.path.join(REPOSITORY, "protos", "stt.proto"), os.path.join(root, "stt_client", "v1", "stt.proto"))
            includes = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
            arguments = ["protoc", f"-I{root}", f"-I{includes}", f"--python_out={self.build_lib}", f"--grpc_python_out={self.build_lib}",
                         os.path.join(root, "stt_client", "v1", "stt.proto")]
            if protoc.main(arguments) != 0:
                raise SystemExit("could not generate the gRPC stubs from protos/stt.proto")
        with open(os.path.join(target, "__init__.py"), "w", encoding="utf-8") as file:
            file.write('"""The stt.v1 messages (stt_pb2) and service stub (stt_pb2_grpc), generated from stt.proto."""\n')
        with open(os.path.join(self.build_lib, "stt_client", "_version.py"), "w", encoding="utf-8") as file:
            file.write(f'__version__ = "{version()}"\n')


setup(version=version(), cmdclass={"build_py": BuildWithStubs})
